package io.github.nitfiji.labels;

import io.github.nitfiji.io.UserText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The refusals of {@link ClassMatcher#resolve}: what was wrong with the text, the closest classes, what to do. */
final class Refusal {
    private static final int CLOSEST = 5;
    private static final String TRAIN = "a fine-tune teaches it new ones (\"NiT Train...\" in Fiji, train on the"
            + " command line)";

    private final String text;
    private final ClassTable table;
    private final NameIndex names;

    Refusal(String text, ClassTable table, NameIndex names) {
        this.text = UserText.shown(text); // echoed in messages only: no control bytes, long text shortened
        this.table = table;
        this.names = names;
    }

    UnknownClassException noText() {
        return refuse("no class given: type a class name (e.g. 'golden retriever'), a label " + table.labels()
                + " or a WordNet id (e.g. n02099601)", List.of());
    }

    UnknownClassException unknownLabel(int label) {
        if (label == ClassTable.NULL_CLASS) {
            return refuse("label " + label + " is the null class that guidance uses, not a class to draw: "
                    + classes() + " are " + table.labels(), List.of());
        }
        return refuse("class index " + text + " is out of range: " + classes() + " are " + table.labels(), List.of());
    }

    UnknownClassException unknownWordNetId() {
        return refuse("WordNet id " + text + " is not one of the 1000 ImageNet classes", List.of());
    }

    UnknownClassException ambiguous(List<ClassMatch> ranked, String among) {
        List<ClassMatch> closest = first(ranked);
        return refuse("'" + text + "' is ambiguous among " + among + "; closest: " + list(closest)
                + ". Use one of these names or its label.", closest);
    }

    /** No clear real match: says which false friends misled, the closest real classes, and what the model knows. */
    UnknownClassException noClearMatch(List<ClassMatch> own, List<ClassMatch> real, List<ClassMatch> falseFriends) {
        List<ClassMatch> closest = new ArrayList<>(own);
        closest.addAll(real);
        closest = first(closest);
        StringBuilder msg = new StringBuilder();
        if (!falseFriends.isEmpty()) {
            msg.append("'").append(text).append("' names no class this model knows: to ImageNet, ")
                    .append(falseFriendSenses(falseFriends));
        } else if (closest.isEmpty()) {
            msg.append("no word of '").append(text).append("' is a word of ").append(classNames());
        } else {
            msg.append("no ").append(table.ownClasses().isEmpty() ? "ImageNet class" : "class of this model")
                    .append(" clearly matches '").append(text).append("'");
        }
        if (!closest.isEmpty()) {
            msg.append("; closest: ").append(list(closest)).append(". Use one of these names or its label");
        }
        msg.append(". ").append(knows()).append('.');
        if (!falseFriends.isEmpty()) {
            msg.append(" To draw ImageNet's ").append(falseFriends.size() == 1 ? "class" : "classes")
                    .append(" named here, type the name given or the label.");
        }
        List<ClassMatch> suggestions = new ArrayList<>(closest);
        suggestions.addAll(falseFriends);
        return refuse(msg.toString(), suggestions);
    }

    /** "'cell' is 487 cellular telephone, not a biological cell", one clause per false-friend word. */
    private String falseFriendSenses(List<ClassMatch> falseFriends) {
        Map<String, List<ClassMatch>> byWord = new LinkedHashMap<>();
        for (ClassMatch m : falseFriends) {
            for (String word : m.falseFriends()) {
                byWord.computeIfAbsent(word, w -> new ArrayList<>()).add(m);
            }
        }
        List<String> clauses = new ArrayList<>();
        CuratedNames curated = CuratedNames.standard();
        byWord.forEach((word, matches) -> clauses.add("'" + curated.spelling(word) + "' is "
                + matches.stream().map(m -> m.index() + " " + names.unambiguousName(m.label()).orElse(m.name()))
                        .collect(Collectors.joining(" or "))
                + ", not " + curated.labMeaning(word).orElse("what it means in the lab")));
        return String.join(", and ", clauses);
    }

    private String knows() {
        List<ClassLabel> own = table.ownClasses();
        if (own.isEmpty()) {
            return "This class model knows ImageNet's 1000 classes only; " + TRAIN;
        }
        return "This model knows ImageNet's 1000 classes and its own " + own.size() + " ("
                + own.stream().map(ClassLabel::toString).collect(Collectors.joining(", ")) + "); " + TRAIN;
    }

    private String classes() {
        return table.ownClasses().isEmpty() ? "ImageNet classes" : "this model's classes";
    }

    private String classNames() {
        return table.ownClasses().isEmpty() ? "an ImageNet class name" : "a class name of this model";
    }

    private static List<ClassMatch> first(List<ClassMatch> ranked) {
        return ranked.size() > CLOSEST ? List.copyOf(ranked.subList(0, CLOSEST)) : List.copyOf(ranked);
    }

    private static String list(List<ClassMatch> matches) {
        return matches.stream().map(m -> m.index() + " " + m.name() + String.format(Locale.ROOT, " (%.2f)", m.score()))
                .collect(Collectors.joining(", "));
    }

    private UnknownClassException refuse(String message, List<ClassMatch> suggestions) {
        return new UnknownClassException(text, message, suggestions);
    }
}

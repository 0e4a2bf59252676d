package io.github.nitfiji.catalog;

import java.nio.file.Path;
import java.util.List;

/**
 * What the person at the keyboard reads when a model download fails: the transfer's own reason
 * (which names the URL and the partial file) plus what to do about it for this model: where to
 * save a file fetched by hand, which card to fix, which folder to free.
 */
final class DownloadMessages {
    private final ModelStore store;

    DownloadMessages(ModelStore store) {
        this.store = store;
    }

    /** Lines telling a person what to download by hand, and where to put it. */
    String manualInstructions(ModelCard card, List<ModelFile> files) {
        StringBuilder sb = new StringBuilder("To install model '").append(card.id()).append("' by hand, download:\n");
        for (ModelFile f : files) {
            sb.append("  ").append(f.url().orElse("(no URL)")).append("\n    and save it as ")
                    .append(store.target(card, f)).append('\n');
        }
        sb.append("then check it with: ").append(store.frontDoor().verifyModel(card.id()))
                .append("\n(or save it anywhere and run: ").append(store.frontDoor().installModel(card.id(), "<file>"))
                .append(")");
        return sb.toString();
    }

    String offline(ModelCard card, List<ModelFile> needed) {
        return "offline mode is on (ai.djl.offline=true or DJL_OFFLINE=true), so nothing was downloaded.\n"
                + manualInstructions(card, needed);
    }

    /**
     * A gated model's files cannot be fetched: {@code why} says what happened (no token, or the
     * server's refusal); the steps that grant access follow, with {@code tokenAdvice} saying how
     * this front door takes a token.
     */
    ModelException gated(ModelCard card, AccessGate gate, String why, String tokenAdvice, Throwable cause) {
        return new ModelException(ModelException.Reason.GATED, "model '" + card.id() + "' is gated: its files are"
                + " served only to Hugging Face accounts that accepted " + gate.terms() + ", and " + why + ".\n"
                + "To get access:\n"
                + "  1. open " + gate.page() + " while logged in to Hugging Face and accept " + gate.terms() + ";\n"
                + "  2. create a token with read access at https://huggingface.co/settings/tokens;\n"
                + "  3. " + tokenAdvice + ";\n"
                + "  4. run the download again.\n"
                + "Or, after step 1, download the files in a browser and run: "
                + store.frontDoor().installModel(card.id(), "<folder with the files>"), cause);
    }

    /** The model-level error for a failed transfer of {@code file}; {@code tokenAdvice} for a gated card's. */
    ModelException failed(ModelCard card, ModelFile file, TransferException e, boolean tokenSent, String tokenAdvice) {
        Path target = store.target(card, file);
        String what = e.getMessage();
        int code = e.httpStatus();
        if (card.gate().isPresent() && e.kind() == TransferException.Kind.HTTP_STATUS && (code == 401 || code == 403)) {
            String why = !tokenSent ? "the server refused the download without a token (" + what + ")"
                    : code == 401 ? "the server did not accept the token given (" + what + "): it is not a valid"
                    + " Hugging Face token" : "the server refused the download with the token given (" + what + "):"
                    + " that account has not accepted the licence yet, or the token may not read gated repositories";
            return gated(card, card.gate().get(), why + "; " + file.path() + " was not downloaded", tokenAdvice, e);
        }
        switch (e.kind()) {
            case UNREACHABLE:
                return new ModelException(ModelException.Reason.OFFLINE, what + ". Check the network connection or"
                        + " proxy settings (-Dhttps.proxyHost=...).\n" + manualInstructions(card, List.of(file)), e);
            case HTTP_STATUS:
                return httpError(card, target, what, e);
            case REFUSED_URL:
                boolean plainHttp = file.url().orElse("").startsWith("http:") && !file.allowsHttp();
                return new ModelException(ModelException.Reason.HTTP_ERROR, what + (plainHttp
                        ? ". If you trust this network, add \"allow_http\": true to the file's entry in the card "
                        + card.source() : ". The file was not downloaded") + ".\n"
                        + manualInstructions(card, List.of(file)), e);
            case DISK_FULL:
                return new ModelException(ModelException.Reason.DISK_FULL, what + " (or choose another models folder"
                        + " with -D" + ModelsFolder.PROPERTY + " or " + ModelsFolder.ENV + ")", e);
            case CANCELLED:
                return new ModelException(ModelException.Reason.CANCELLED, what, e);
            case TOO_LONG:
            case MISMATCH:
                return new ModelException(ModelException.Reason.CORRUPT, what + ". Nothing was installed; check the"
                        + " model page or the URL in the card " + card.source(), e);
            default:
                return new ModelException(ModelException.Reason.IO, what, e);
        }
    }

    private ModelException httpError(ModelCard card, Path target, String what, TransferException e) {
        int code = e.httpStatus();
        if (code == 404 || code == 410) {
            return new ModelException(ModelException.Reason.HTTP_ERROR, what + ": the file is not (or no longer) at this "
                    + "address. Check the model page for a new location, then download it by hand, save it as " + target
                    + " and run: " + store.frontDoor().verifyModel(card.id()) + " (or fix the URL in the card "
                    + card.source() + ")", e);
        }
        if (code == 401 || code == 403) {
            return new ModelException(ModelException.Reason.HTTP_ERROR, what + ": access denied. The model may need a "
                    + "login or licence acceptance on its web page; download it in a browser, then run: "
                    + store.frontDoor().installModel(card.id(), "<downloaded file>"), e);
        }
        return new ModelException(ModelException.Reason.HTTP_ERROR, what + ": the server failed; try again later, or "
                + "download the file by hand and save it as " + target, e);
    }
}

package io.github.nitfiji.pipeline;

import io.github.nitfiji.EnumIds;
import io.github.nitfiji.io.PathNames;
import io.github.nitfiji.model.LatentSize;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * How one setting's value is read from text, checked and written back: the one parser of each
 * setting, shared by every front door (macro, dialog, SciJava, job file, command line), so the
 * same text means the same value and the same mistake gets the same message, naming the setting
 * as that front door spells it.
 *
 * @param <T> the value's Java type
 */
public abstract class SettingType<T> {
    private SettingType() {
    }

    /**
     * The value {@code text} stands for, checked.
     *
     * @param name the setting as the front door spells it, for the message
     * @throws IllegalArgumentException "name 'text' is not ..." or "name must be ..."
     */
    public abstract T parse(String text, String name);

    /** Checks a value given as a value (not text); throws as {@link #parse} does. */
    public void check(T value, String name) {
    }

    /** The value as a person would type it (what a macro or a command line records). */
    public String format(T value) {
        return String.valueOf(value);
    }

    /** Free text (a prompt), trimmed. */
    public static SettingType<String> text() {
        return new SettingType<>() {
            @Override
            public String parse(String text, String name) {
                return text.trim();
            }
        };
    }

    /** A whole number in min..max ({@code 4.0} is accepted: ImageJ macros hold numbers as doubles). */
    public static SettingType<Integer> whole(int min, int max, String unit) {
        return new SettingType<>() {
            @Override
            public Integer parse(String text, String name) {
                double value = parseNumber(text, name);
                if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(name + "=" + text.trim() + " must be a whole number");
                }
                int whole = (int) value;
                check(whole, name);
                return whole;
            }

            @Override
            public void check(Integer value, String name) {
                if (value < min || value > max) {
                    throw new IllegalArgumentException(name + " must be " + min + ".." + max + unit + ", found " + value);
                }
            }
        };
    }

    /** An image side in pixels, min..max ("width 0 px is outside 32..8192 px"). */
    public static SettingType<Integer> pixelSide(int min, int max) {
        return new SettingType<>() {
            @Override
            public Integer parse(String text, String name) {
                int pixels = whole(Integer.MIN_VALUE, Integer.MAX_VALUE, "").parse(text, name);
                check(pixels, name);
                return pixels;
            }

            @Override
            public void check(Integer value, String name) {
                if (value < min || value > max) {
                    throw new IllegalArgumentException(name + " " + value + " px is outside " + min + ".." + max + " px");
                }
            }
        };
    }

    /** A whole number in min..max as a long (seeds, memory budgets in MB); "must be 1 or more" above none. */
    public static SettingType<Long> wholeLong(long min, long max, String unit) {
        return new SettingType<>() {
            @Override
            public Long parse(String text, String name) {
                String t = text.trim();
                long value;
                try {
                    value = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    double d = parseNumber(t, name);
                    if (d != Math.rint(d) || Math.abs(d) >= 0x1p63) {
                        throw new IllegalArgumentException(name + "=" + t + " must be a whole number");
                    }
                    value = (long) d;
                }
                check(value, name);
                return value;
            }

            @Override
            public void check(Long value, String name) {
                if (value < min || value > max) {
                    throw new IllegalArgumentException(name + " must be " + (max == Long.MAX_VALUE ? min + " or more"
                            : "at least " + min + unit + " and at most " + max + unit) + ", found " + value);
                }
            }
        };
    }

    /** A finite number in min..max; {@code hint} says what the ends mean. */
    public static SettingType<Double> number(double min, double max, String hint) {
        return new SettingType<>() {
            @Override
            public Double parse(String text, String name) {
                double value = parseNumber(text, name);
                check(value, name);
                return value;
            }

            @Override
            public void check(Double value, String name) {
                if (!(value >= min && value <= max)) {
                    String range = max == Double.MAX_VALUE ? "a finite number >= " + plain(min)
                            : plain(min) + ".." + plain(max);
                    throw new IllegalArgumentException(name + " must be " + range + hint + ", found " + value);
                }
            }

            @Override
            public String format(Double value) {
                return plain(value);
            }
        };
    }

    /** One of an enum's ids, any case ("sampler 'x' is unknown; use ode, heun or sde"). */
    public static <E extends Enum<E>> SettingType<E> choice(Class<E> type) {
        return new SettingType<>() {
            @Override
            public E parse(String text, String name) {
                return EnumIds.parse(type, text, name);
            }

            @Override
            public String format(E value) {
                return EnumIds.id(value);
            }
        };
    }

    /** A value with its own parser and id (a device, an output kind, an attention kernel). */
    public static <T> SettingType<T> parsed(java.util.function.BiFunction<String, String, T> parser,
                                            Function<T, String> id) {
        return new SettingType<>() {
            @Override
            public T parse(String text, String name) {
                return parser.apply(text, name);
            }

            @Override
            public String format(T value) {
                return id.apply(value);
            }
        };
    }

    /** A file path (whether it exists is checked with the rest of the spec). */
    public static SettingType<Path> file() {
        return new SettingType<>() {
            @Override
            public Path parse(String text, String name) {
                return PathNames.of(text.trim(), name);
            }
        };
    }

    /** true/false (also yes/no, on/off, 1/0). */
    public static SettingType<Boolean> yesNo() {
        return new SettingType<>() {
            @Override
            public Boolean parse(String text, String name) {
                switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true": case "yes": case "on": case "1":
                        return true;
                    case "false": case "no": case "off": case "0":
                        return false;
                    default:
                        throw new IllegalArgumentException(name + " '" + text.trim() + "' is unknown; use true or false");
                }
            }
        };
    }

    /** A latent grid {@code HxW}. */
    public static SettingType<LatentSize> latentGrid() {
        return new SettingType<>() {
            @Override
            public LatentSize parse(String text, String name) {
                try {
                    return LatentSize.parse(text.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " '" + text.trim() + "' must be HxW with whole numbers,"
                            + " e.g. 16x16");
                }
            }

            @Override
            public String format(LatentSize value) {
                return value.toString();
            }
        };
    }

    /** A size in pixels {@code WxH}, each side 32..8192. */
    public static SettingType<int[]> pixelSize() {
        return new SettingType<>() {
            @Override
            public int[] parse(String text, String name) {
                String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
                try {
                    if (parts.length == 2) {
                        int[] size = {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
                        check(size, name);
                        return size;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new IllegalArgumentException(name + " '" + text.trim() + "' must be WxH in pixels, e.g. 1024x768");
            }

            @Override
            public void check(int[] value, String name) {
                for (int side : value) {
                    if (side < GenerationRequest.MIN_SIDE_PX || side > GenerationRequest.MAX_SIDE_PX) {
                        throw new IllegalArgumentException(name + " " + side + " px is outside "
                                + GenerationRequest.MIN_SIDE_PX + ".." + GenerationRequest.MAX_SIDE_PX + " px");
                    }
                }
            }

            @Override
            public String format(int[] value) {
                return value[0] + "x" + value[1];
            }
        };
    }

    /** Class indices {@code 207,88}, each 0 or more (the model says how many it has). */
    public static SettingType<int[]> classList() {
        return new SettingType<>() {
            @Override
            public int[] parse(String text, String name) {
                String[] parts = text.trim().split("\\s*,\\s*");
                int[] classes = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    try {
                        classes[i] = Integer.parseInt(parts[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(name + " '" + text.trim() + "' must be class indices, e.g."
                                + " 207 or 207,88");
                    }
                }
                check(classes, name);
                return classes;
            }

            @Override
            public void check(int[] value, String name) {
                if (value.length == 0) {
                    throw new IllegalArgumentException(name + " is empty; give at least one class index");
                }
                for (int c : value) {
                    if (c < 0) {
                        throw new IllegalArgumentException(name + " " + c + " is negative; classes are 0 or more");
                    }
                }
            }

            @Override
            public String format(int[] value) {
                StringBuilder b = new StringBuilder();
                for (int c : value) {
                    b.append(b.length() == 0 ? "" : ",").append(c);
                }
                return b.toString();
            }
        };
    }

    private static double parseNumber(String text, String name) {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + text.trim() + " is not a number");
    }

    /** A number without a trailing ".0" (3.0 -> "3", 0.70 -> "0.7"), as a person would type it. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}

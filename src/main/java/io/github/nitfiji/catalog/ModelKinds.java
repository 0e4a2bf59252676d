package io.github.nitfiji.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The model kinds this installation knows: every {@link ModelKind} registered in
 * {@code META-INF/services}, loaded once with the class loader that loaded the plugin (so Fiji's
 * plugin class loader finds them too).
 */
public final class ModelKinds {
    private static volatile List<ModelKind> all;

    private ModelKinds() {
    }

    /** Every registered kind, in registration order. */
    public static List<ModelKind> all() {
        List<ModelKind> kinds = all;
        if (kinds == null) {
            List<ModelKind> found = new ArrayList<>();
            ServiceLoader.load(ModelKind.class, ModelKind.class.getClassLoader()).forEach(found::add);
            if (found.isEmpty()) {
                throw new IllegalStateException("no model kinds are registered (META-INF/services/"
                        + ModelKind.class.getName() + " is missing from the plugin jar)");
            }
            kinds = Collections.unmodifiableList(found);
            all = kinds;
        }
        return kinds;
    }

    /** The kind a card spells {@code jsonName}, if registered. */
    public static Optional<ModelKind> find(String jsonName) {
        return all().stream().filter(k -> k.jsonName().equals(jsonName)).findFirst();
    }
}

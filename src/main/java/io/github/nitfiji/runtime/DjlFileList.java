package io.github.nitfiji.runtime;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL's distribution of libtorch builds: {@code <base>/files.txt} lists one gzipped library per
 * line as {@code <flavour>/<classifier>/native/lib/<name>.gz}; each is fetched from
 * {@code <base>/<line>} and gunzipped to {@code <name>} (the layout DJL's own download uses).
 */
public final class DjlFileList {
    /** Where DJL 0.36 downloads libtorch 2.7.1 from ({@code LibUtils.downloadPyTorch}). */
    public static final String DJL_BASE = "https://publish.djl.ai/pytorch/" + LibtorchIdentity.VERSION;

    /** One library: where it is and what it is called once unpacked. */
    public static final class Entry {
        public final String url;
        public final String fileName;

        Entry(String url, String fileName) {
            this.url = url;
            this.fileName = fileName;
        }
    }

    private DjlFileList() {
    }

    public static String indexUrl(String base) {
        return base + "/files.txt";
    }

    /** The libraries of one flavour and platform, in the list's order; empty when it has none. */
    public static List<Entry> select(List<String> lines, String base, String flavor, String classifier) {
        String prefix = flavor + "/" + classifier + "/";
        List<Entry> entries = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.trim();
            if (!line.startsWith(prefix) || !line.endsWith(".gz")) {
                continue;
            }
            String name = line.substring(line.lastIndexOf('/') + 1, line.length() - 3);
            try {
                name = URLDecoder.decode(name, "UTF-8");
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("every Java runtime has UTF-8", e);
            }
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..")) {
                continue;
            }
            entries.add(new Entry(base + "/" + line, name));
        }
        return entries;
    }
}

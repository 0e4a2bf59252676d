package io.github.nitfiji.catalog;

/**
 * A model whose files the host serves only to accounts that accepted its licence (a "gated"
 * Hugging Face repository such as google/gemma-3-1b-it): where to accept it and what it is called,
 * so every refusal can say exactly which step is missing.
 */
public final class AccessGate {
    private final String page;
    private final String terms;

    AccessGate(String page, String terms) {
        this.page = page;
        this.terms = terms;
    }

    /** The web page on which a logged-in user accepts the licence. */
    public String page() {
        return page;
    }

    /** The licence's name as people know it, e.g. "the Gemma Terms of Use". */
    public String terms() {
        return terms;
    }
}

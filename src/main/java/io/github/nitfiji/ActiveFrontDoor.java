package io.github.nitfiji;

/**
 * The front door that runs this JVM (the command line, Fiji), which tells it so at start: every
 * piece of advice the engine and the model store give is worded for it, whichever path made the
 * message. Until one is set, advice names no front door ({@link FrontDoor#UNNAMED}).
 */
public final class ActiveFrontDoor {
    private static volatile FrontDoor current = FrontDoor.UNNAMED;

    private ActiveFrontDoor() {
    }

    public static FrontDoor get() {
        return current;
    }

    public static void set(FrontDoor door) {
        current = door;
    }
}

package io.consentgate.faults;

import java.util.List;

/** The first few items of a list and how many more there are: a failure message that stays readable at any count. */
final class FirstFew {

    private static final int SHOWN = 8;

    private FirstFew() {
    }

    static String of(List<?> items) {
        return items.size() <= SHOWN ? items.toString() : items.subList(0, SHOWN) + " and " + (items.size() - SHOWN) + " more";
    }
}

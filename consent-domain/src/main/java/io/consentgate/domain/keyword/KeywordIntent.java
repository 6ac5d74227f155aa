package io.consentgate.domain.keyword;

/** What an inbound message means for consent. */
public enum KeywordIntent {
    /** An opt-out keyword: out of every category. */
    OPT_OUT,
    /** The marketing template's "Stop promotions" quick reply: out of marketing. */
    STOP_PROMOTIONS,
    /** An opt-back-in keyword: lifts earlier opt-outs. */
    OPT_BACK_IN,
    NONE
}

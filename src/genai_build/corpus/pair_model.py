"""The pair model's coefficients: written by `make pair-model` (corpus/pair_training.py); do not edit."""

TRAINED_ON = 395  # labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml)
INTERCEPT = -3.770668
WEIGHTS = {
    'idf_cosine': 1.389408,
    'subject_cosine': 0.320773,
    'subject_cover': 0.443583,
    'trigram_dice': 0.783887,
    'near_verbatim': 0.674591,
    'best_sentence': 0.576691,
    'same_subject': 1.956229,
    'other_subject': 0.070036,
    'intent_overlap': 0.662305,
    'intent_conflict': -0.681400,
    'intent_one_sided': -0.005420,
    'comparison_vs_single': -1.079723,
    'compares_other_things': -0.645310,
    'names_another_concept': -0.610831,
    'other_field': -0.509066,
    'one_field': -2.159006,
    'length_ratio': -0.286749,
    'same_stems': 1.423252,
    'clean_overlap': 1.764620,
    'clean_sentence': 0.602660,
    'same_rarest': -0.318345,
    'shared_information': 1.327788,
}
THRESHOLD = 0.62  # a pair at or above this probability asks the same thing
REVIEW_FLOOR = 0.27  # pairs between this and THRESHOLD go to the review queue

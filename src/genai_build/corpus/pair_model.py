"""The pair model's coefficients: written by `make pair-model` (corpus/pair_training.py); do not edit."""

TRAINED_ON = 385  # labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml)
INTERCEPT = -3.871651
WEIGHTS = {
    'idf_cosine': 1.314868,
    'subject_cosine': 0.369018,
    'subject_cover': 0.438196,
    'trigram_dice': 0.791830,
    'near_verbatim': 0.714245,
    'best_sentence': 0.788909,
    'same_subject': 1.891121,
    'other_subject': 0.104188,
    'intent_overlap': 0.618526,
    'intent_conflict': -0.678658,
    'intent_one_sided': 0.060664,
    'comparison_vs_single': -1.087823,
    'compares_other_things': -0.584021,
    'names_another_concept': -0.521675,
    'other_field': -0.502712,
    'one_field': -2.103890,
    'length_ratio': -0.276830,
    'same_stems': 1.403784,
    'clean_overlap': 1.666293,
    'clean_sentence': 0.251384,
    'same_rarest': -0.189138,
    'shared_information': 1.386892,
}
THRESHOLD = 0.58  # a pair at or above this probability asks the same thing
REVIEW_FLOOR = 0.23  # pairs between this and THRESHOLD go to the review queue

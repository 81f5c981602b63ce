"""The pair model's coefficients: written by `make pair-model` (corpus/pair_training.py); do not edit."""

TRAINED_ON = 385  # labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml)
INTERCEPT = -2.848953
WEIGHTS = {
    'idf_cosine': 1.492862,
    'subject_cosine': 0.424147,
    'subject_cover': 0.298288,
    'trigram_dice': 0.811701,
    'near_verbatim': 0.734980,
    'best_sentence': 1.180387,
    'same_subject': 1.209581,
    'other_subject': -0.163331,
    'intent_overlap': 0.486435,
    'intent_conflict': -0.658789,
    'intent_one_sided': 0.156291,
    'comparison_vs_single': -0.870692,
    'compares_other_things': -0.128848,
    'names_another_concept': -0.473667,
    'other_field': -1.890958,
    'length_ratio': -0.233355,
    'same_stems': 1.297456,
    'clean_overlap': 1.736201,
    'clean_sentence': 0.285153,
}
THRESHOLD = 0.73  # a pair at or above this probability asks the same thing
REVIEW_FLOOR = 0.38  # pairs between this and THRESHOLD go to the review queue

"""The pair model's coefficients: written by `make pair-model` (corpus/pair_training.py); do not edit."""

TRAINED_ON = 395  # labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml)
INTERCEPT = -3.775013
WEIGHTS = {
    'idf_cosine': 1.370773,
    'subject_cosine': 0.331916,
    'subject_cover': 0.453217,
    'trigram_dice': 0.821461,
    'near_verbatim': 0.687505,
    'best_sentence': 0.509609,
    'same_subject': 1.897333,
    'other_subject': 0.076657,
    'intent_overlap': 0.606349,
    'intent_conflict': -0.684928,
    'intent_one_sided': 0.009804,
    'comparison_vs_single': -1.064390,
    'compares_other_things': -0.771946,
    'names_another_concept': -0.625855,
    'other_field': -0.513066,
    'one_field': -2.123829,
    'length_ratio': -0.258613,
    'same_stems': 1.460101,
    'clean_overlap': 1.772320,
    'clean_sentence': 0.533877,
    'same_rarest': -0.363873,
    'shared_information': 1.310420,
}
THRESHOLD = 0.61  # a pair at or above this probability asks the same thing
REVIEW_FLOOR = 0.26  # pairs between this and THRESHOLD go to the review queue

"""The pair model's coefficients: written by `make pair-model` (corpus/pair_training.py); do not edit."""

TRAINED_ON = 395  # labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml)
INTERCEPT = -3.802981
WEIGHTS = {
    'idf_cosine': 1.392686,
    'subject_cosine': 0.353297,
    'subject_cover': 0.464715,
    'trigram_dice': 0.814857,
    'near_verbatim': 0.693044,
    'best_sentence': 0.504838,
    'same_subject': 1.890303,
    'other_subject': 0.082752,
    'intent_overlap': 0.585886,
    'intent_conflict': -0.684606,
    'intent_one_sided': 0.003971,
    'comparison_vs_single': -1.071186,
    'compares_other_things': -0.764406,
    'names_another_concept': -0.608160,
    'other_field': -0.505417,
    'one_field': -2.108283,
    'length_ratio': -0.263062,
    'same_stems': 1.463156,
    'clean_overlap': 1.783126,
    'clean_sentence': 0.529989,
    'same_rarest': -0.384250,
    'shared_information': 1.304140,
}
THRESHOLD = 0.62  # a pair at or above this probability asks the same thing
REVIEW_FLOOR = 0.27  # pairs between this and THRESHOLD go to the review queue

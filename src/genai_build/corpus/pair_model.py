"""The pair model's coefficients: written by `make pair-model` (corpus/pair_training.py); do not edit."""

TRAINED_ON = 493  # labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml)
INTERCEPT = -3.802218
WEIGHTS = {
    'idf_cosine': 1.647121,
    'subject_cosine': 0.076117,
    'subject_cover': 0.224174,
    'trigram_dice': -0.199887,
    'near_verbatim': 0.714697,
    'best_sentence': 0.432386,
    'same_subject': 1.626869,
    'other_subject': -0.075289,
    'intent_overlap': 0.739922,
    'intent_conflict': -0.719234,
    'intent_one_sided': 0.157268,
    'comparison_vs_single': -1.235961,
    'compares_other_things': -0.715184,
    'names_another_concept': -0.612130,
    'other_field': -0.497317,
    'one_field': -2.110513,
    'length_ratio': 0.428178,
    'same_stems': 1.410442,
    'clean_overlap': 1.531207,
    'clean_sentence': 0.538201,
    'same_rarest': -0.164296,
    'same_concepts': -0.189812,
    'same_core_ask': 0.185205,
    'subject_contained': 0.359955,
    'shared_information': 1.626157,
}
THRESHOLD = 0.76  # a pair at or above this probability asks the same thing
REVIEW_FLOOR = 0.41  # pairs between this and THRESHOLD go to the review queue

"""The pair model's coefficients: written by `make pair-model` (corpus/pair_training.py); do not edit."""

TRAINED_ON = 500  # labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml)
INTERCEPT = -3.438668
WEIGHTS = {
    'idf_cosine': 1.470431,
    'subject_cosine': 0.028768,
    'subject_cover': 0.106441,
    'trigram_dice': -0.494716,
    'near_verbatim': 0.738619,
    'best_sentence': 0.413574,
    'same_subject': 1.536622,
    'other_subject': 0.041999,
    'intent_overlap': 0.570878,
    'intent_conflict': -0.910702,
    'intent_one_sided': 0.246104,
    'comparison_vs_single': -1.372087,
    'compares_other_things': -0.667817,
    'names_another_concept': -0.423063,
    'other_field': -0.537485,
    'one_field': -2.051375,
    'length_ratio': 0.561100,
    'same_stems': 1.326310,
    'clean_overlap': 1.832474,
    'clean_sentence': 0.541945,
    'same_rarest': -0.105751,
    'same_concepts': -0.381484,
    'same_core_ask': 0.632295,
    'subject_contained': 0.232276,
    'shared_information': 1.471542,
    'same_concepts_same_ask': 0.001564,
    'misses_a_subject': -1.119470,
    'same_topic_same_ask': 0.373022,
    'only_asks_another_thing': -0.348558,
    'same_things_one_compares': 1.676517,
    'defines_another_thing': -0.590727,
}
THRESHOLD = 0.74  # a pair at or above this probability asks the same thing
REVIEW_FLOOR = 0.39  # pairs between this and THRESHOLD go to the review queue

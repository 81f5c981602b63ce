"""The pair model's coefficients: written by `make pair-model` (corpus/pair_training.py); do not edit."""

TRAINED_ON = 434  # labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml)
INTERCEPT = -4.162286
WEIGHTS = {
    'idf_cosine': 1.365312,
    'subject_cosine': 0.123361,
    'subject_cover': 0.293022,
    'trigram_dice': 0.447624,
    'near_verbatim': 0.648522,
    'best_sentence': 0.624162,
    'same_subject': 1.640959,
    'other_subject': 0.089106,
    'intent_overlap': 0.564820,
    'intent_conflict': -0.787220,
    'intent_one_sided': 0.055897,
    'comparison_vs_single': -0.971229,
    'compares_other_things': -0.551604,
    'names_another_concept': -0.925500,
    'other_field': -0.333648,
    'one_field': -1.908795,
    'length_ratio': 0.230504,
    'same_stems': 1.477096,
    'clean_overlap': 1.562502,
    'clean_sentence': 0.731906,
    'same_rarest': -0.574211,
    'same_concepts': 0.102293,
    'same_core_ask': 0.164371,
    'subject_contained': 0.587973,
    'shared_information': 1.819438,
}
THRESHOLD = 0.75  # a pair at or above this probability asks the same thing
REVIEW_FLOOR = 0.40  # pairs between this and THRESHOLD go to the review queue

"""What two wordings have in common, as numbers: the features of the pair model.

Each wording is read once (`Wording`): its stems (normalise.concept_tokens: templates
stripped, acronyms and their expansions folded to one token, British spelling and word
forms folded), the stems of each of its sentences, its character trigrams, the subject of a
definitional question ("What is X?", "How does X work?"), the fields it is narrowed to, the
intents it asks (define, how it works, compare, list, how-to, how it is trained, evaluate,
limitations, benefits, when to use, applications) and, for a comparison, the things compared. A pair of
wordings is then a short vector of scores (`FEATURES`): lexical overlap (IDF cosine, trigram
Dice, the best sentence), subject agreement, intent agreement, comparison and its sides,
a named concept only one side has, another field, length. corpus/pair_model.py weighs
them (a logistic regression fit on labelled pairs by benchmarks/train_pair_model.py) into
the probability that one good answer fully answers both.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from genai_build.corpus.normalise import (
    ASPECT_STEMS,
    CONCEPT_TOKENS,
    DOMAIN_STEMS,
    GENERIC_STEMS,
    IMPLIED_CONCEPTS,
    IMPLIED_DOMAINS,
    SYNONYM_OF,
    concept_text,
    concept_tokens,
    is_comparison,
    sentences,
    stem,
    subject_parts,
    subject_tokens,
)

GENERIC_WEIGHT = 0.35  # stems every question has ("model", "use") count this much in the IDF weights
NEAR_VERBATIM = 0.85  # character-trigram Dice at or above this: a copy with small edits
NAMED_CONCEPTS = CONCEPT_TOKENS | DOMAIN_STEMS
# The book's own field: "… in LLMs" narrows nothing in a book of LLM interview questions (it
# neither narrows a wording to a field nor names another concept). What LLM implies (NLP) still does.
OWN_FIELD = frozenset({"llm"})
_GENERIC_NOT_ASPECT = GENERIC_STEMS - ASPECT_STEMS

# What a wording asks about its subject. "define" and "how" (how it works) ask for the thing
# itself; the others ask for one side of it. Patterns run on normalise.concept_text.
INTENTS: tuple[tuple[str, str], ...] = (
    ("define", r"^(?:(?:can|could) you )?(?:what (?:is|are)|define|explain(?! how)|describe(?! how)|what do you "
               r"(?:mean|understand)|tell me about|give an overview)"),
    ("how", r"\bhow (?:does|do|is|are) .{0,60}?\bwork|\bexplain how\b|\bmechanism|\barchitecture|\bcomponents?\b"
            r"|\bunder the hood|\bwalk (?:me )?through|\bprocess of\b|\bfunctioning"),
    ("compare", r"\b(?:differ|difference|differences|vs|versus|compare|compared|comparing|comparison|contrast|"
                r"distinguish|trade ?offs?)\b"),
    ("list", r"\b(?:types? of|kinds? of|list|name (?:some|a few|the)|examples? of|popular|various|(?:different|which|what "
             r"are (?:the|some)(?: common| main| key)?) (?:[a-z0-9]+ ){0,2}(?:techniques|methods|types|approaches|strategies|"
             r"variants|kinds))\b"),
    ("howto", r"^how method\b|\bhow to\b|\b(?:strateg\w*|techniques?|methods?|ways?|steps) (?:to|for|can|that|used|"
              r"would|do)\b|\b(?:prevent|mitigat|reduc|handl|address|avoid|improv|optimi[sz]|stabili[sz]|overcome|"
              r"defend|tackle|fix|design|build|deal)\w*"),
    ("train", r"\bhow (?:are|is|was|were|do|does|would|can|should|will) (?:you )?.{0,50}?\btrain(?:ed|ing)?\b|"
              r"^how method (?:[a-z0-9]+ ){0,2}train\b|\btrain(?:ing)? (?:process|pipeline|procedure|steps)\b|\bprocess of train"),
    ("evaluate", r"\b(?:evaluat|metric|assess|measur|benchmark|judg)\w*"),
    ("limitations", r"\b(?:challeng|limitation|drawback|disadvantage|risk|problem|issue|pitfall|failure|weakness|"
                    r"downside|concern)\w*"),
    # why it exists: one class however it is asked (why needed / what is its purpose / role / what problem it solves)
    ("purpose", r"\b(?:importan|significan|crucial|role of|purpose|why (?:is|are|do|does|use|would)|need(?:ed)?\b|"
                r"matter|problems? (?:does|do|of)\b.{0,40}\bsolve|solves?\b|address(?:es)? what)\w*"),
    ("benefits", r"\b(?:advantage|benefit|pros\b)\w*"),
    ("when", r"\bwhen (?:should|would|to|do|is|are|might|does|can)\b|\bwhich (?:one|should)|\bchoos|\bprefer|\binstead of"),
    ("applications", r"\b(?:application|use ?cases?|used for|industr|real world|scenario|examples?)\w*"),
)
# (name, pattern, a text every match holds: a cheap test before the pattern)
_INTENT_PATTERNS = tuple((name, re.compile(p), "train" if name == "train" else "") for name, p in INTENTS)
# "… like ChatGPT", "such as GANs and VAEs": the example's own words, up to the next verb or preposition
_EXAMPLE = re.compile(r"\b(?:like|such as|e\.?g\.?|for example|for instance|including)\b(?:[\s,]+(?!(?:differ|differs|from|in|"
                      r"to|with|for|on|when|compared|over|do|does|is|are|can|could|would|will|help|work|works|handle|"
                      r"leverage|generate|use)\b)[\w'’-]+){1,6}", re.IGNORECASE)
CORE_INTENTS = frozenset({"define", "how", "purpose"})  # asks for the thing itself: one answer covers them all

FEATURES: tuple[str, ...] = (
    "idf_cosine",  # IDF cosine of the stems, tempered by the weight the richer side leaves unmatched
    "subject_cosine",  # the same over the subject stems only (aspects, intents and generic stems left out)
    "subject_cover",  # the smaller share of either side's subject weight that the other side has
    "trigram_dice",  # character trigrams of the folded text
    "near_verbatim",  # trigram Dice >= NEAR_VERBATIM and no concept named by one side only
    "best_sentence",  # a sentence of one wording against the other wording (questions split or followed up)
    "same_subject",  # both ask what one subject is ("What is X?" / "Explain X")
    "other_subject",  # both ask what something is, and the subjects share nothing
    "intent_overlap",  # Jaccard of the intents beyond define / how-it-works (1 when neither has any)
    "intent_conflict",  # both ask for something beyond the thing itself, and not the same thing
    "intent_one_sided",  # one asks for something beyond the thing itself, the other does not
    "comparison_vs_single",  # one compares, the other does not
    "compares_other_things",  # both compare: the share of the compared things one side lacks
    "names_another_concept",  # one names a concept of the field the other does not (few-shot vs zero-shot)
    "other_field",  # narrowed to different fields (NLP vs GANs)
    "one_field",  # only one of them narrowed to a field ("in GANs")
    "length_ratio",  # the shorter wording's stems over the longer's
    "same_stems",  # the same stems once spelling, word forms, synonyms and templates are folded
    "clean_overlap",  # idf_cosine when nothing sets the two apart (no other intent, subject, field, concept, comparison)
    "clean_sentence",  # best_sentence among the sentences nothing sets apart from the other wording
    "same_rarest",  # the rarest subject stem of each side is the same (what each is most specifically about)
    "same_concepts",  # both name the same concepts of the field (acronyms and expansions folded), at least one
    "same_core_ask",  # the same concepts, and both ask only for the thing itself (what / how it works / why it is needed)
    "subject_contained",  # the larger share of either side's subject weight that the other has (1: one's subject within the other's)
    "shared_information",  # IDF weight of the shared subject stems, over 10 (capped at 1): how much they share, not which share
    "same_concepts_same_ask",  # the same core concepts (no kind or field of another), the same asks beyond the thing itself
    "misses_a_subject",  # one asks what several things are ("X and Y"), the other names nothing of one of them
    "same_topic_same_ask",  # the same topic (core concepts, else the rarest subject stem), asks and aspects
    "only_asks_another_thing",  # one asks, in one clause, only for a side of it (its benefits, limits …), the other for the thing itself
    "same_things_one_compares",  # one compares, the other is about the same two or more things
    "defines_another_thing",  # both define something, and each subject has a stem the other wording lacks (activation vs loss function)
)


@dataclass(frozen=True)
class Wording:
    text: str
    tokens: frozenset[str]
    subject_stems: frozenset[str]  # tokens that name what it is about (no aspect, intent or generic stems)
    parts: tuple[frozenset[str], ...]  # stems of each sentence, when there are several
    trigrams: frozenset[str]
    length: int  # characters of the folded text
    subject: frozenset[str] | None  # the subject of a definitional question, else None
    qualifier: frozenset[str]
    domains: frozenset[str]
    intents: frozenset[str]
    comparison: bool
    sentences: tuple["Wording", ...] = ()  # each sentence read on its own, when there are several
    examples: frozenset[str] = frozenset()  # concepts named only as an example ("… like ChatGPT", "such as GANs")
    concepts: frozenset[str] = frozenset()  # the concepts of the field it names, beyond those given only as an example
    implied: frozenset[str] = frozenset()  # concepts its concepts are kinds or parts of (normalise.IMPLIED_CONCEPTS)
    subject_parts: tuple[frozenset[str], ...] = ()  # the things its subject joins with "and" / "or", when several
    clauses: int = 1  # sentences and ", and how/what …" clauses: more than one asks several things
    core: frozenset[str] = frozenset()  # core_concepts(): what it is about among the concepts it names


_DEFINED_ACRONYM = re.compile(r"((?:[A-Za-z][\w'’]*[\s-]+){0,7}[A-Za-z][\w'’]*)\s*\(\s*([A-Za-z][A-Za-z0-9]{1,7})\s*\)")
_LINKING_WORDS = frozenset("of the and for to in a an from with on".split())


def _acronym_of(match: re.Match) -> str:
    words = re.split(r"[\s-]+", match.group(1))
    acronym = match.group(2)
    letters = [c.lower() for c in acronym if c.isupper()] or [c.lower() for c in acronym if c.isalpha()]
    for k in range(len(letters), min(len(words), 2 * len(letters)) + 1):
        tail = words[-k:]
        whole = [w[0].lower() for w in tail]
        content = [w[0].lower() for w in tail if w.lower() not in _LINKING_WORDS]
        if letters in (whole, content) and tail[0].lower() not in _LINKING_WORDS:
            return " ".join(words[:-k] + [acronym])
    return match.group(0)


def fold_acronyms(text: str) -> str:
    """A term defined in the text with its acronym ("Model Context Protocol (MCP)") becomes the acronym:
    it then reads the same as a wording that names only the acronym, whatever the field's list knows."""
    return _DEFINED_ACRONYM.sub(_acronym_of, text) if "(" in text else text


def intents_of(text: str) -> frozenset[str]:
    return _intents(_clauses(concept_text(text)))


def _intents(clauses: list[str]) -> frozenset[str]:
    return frozenset(name for name, pattern, needs in _INTENT_PATTERNS
                     if any(needs in s and pattern.search(s) for s in clauses))


def _clauses(folded: str) -> list[str]:
    # each sentence and each ", and how …" clause starts afresh: "What is X? How does it work?"
    return [c.strip() for c in re.split(r"[?.;!]\s*|,\s*(?:and\s+)?(?=(?:how|what|why|when|which)\b)", folded) if c.strip()]


def read_wording(text: str, whole: bool = True) -> Wording:
    shown, text = text, fold_acronyms(text)
    tokens = frozenset(concept_tokens(text))
    parts = sentences(text)
    part_tokens = tuple(frozenset(concept_tokens(p)) for p in parts) if len(parts) > 1 else ()
    flat = re.sub(r"[^a-z0-9]+", " ", concept_text(text)).strip()
    trigrams = frozenset(flat[i:i + 3] for i in range(max(len(flat) - 2, 0)))
    found = subject_tokens(text)
    subject = (found[0] - _GENERIC_NOT_ASPECT) or None if found else None
    qualifier = (found[1] - _GENERIC_NOT_ASPECT) if found else frozenset()
    domains = tokens & DOMAIN_STEMS
    for token in sorted(tokens):
        domains |= IMPLIED_DOMAINS.get(token, frozenset())
    comparison = is_comparison(tokens)
    subject_stems = frozenset(t for t in tokens if t not in GENERIC_STEMS and t not in ASPECT_STEMS)
    outside = frozenset(concept_tokens(_EXAMPLE.sub(" ", text)))
    implied = frozenset(c for t in tokens for c in IMPLIED_CONCEPTS.get(t, ()))
    parts_of_subject = tuple(p - _GENERIC_NOT_ASPECT for p in subject_parts(text) if p - _GENERIC_NOT_ASPECT)
    clauses = _clauses(concept_text(text))
    concepts = (outside - GENERIC_STEMS) & tokens & NAMED_CONCEPTS
    return Wording(shown, tokens, subject_stems, part_tokens, trigrams, len(flat), subject, qualifier, domains,
                   _intents(clauses), comparison,
                   tuple(read_wording(p, whole=False) for p in parts) if whole and len(parts) > 1 else (),
                   (tokens - outside) & NAMED_CONCEPTS, concepts, implied,
                   parts_of_subject if len(parts_of_subject) > 1 else (), len(clauses), _core_concepts(concepts, implied))


class Weights:
    """IDF of each stem over the wordings being compared; generic stems damped."""

    def __init__(self, token_sets: Iterable[frozenset[str]]):
        df: Counter[str] = Counter()
        n = 0
        for tokens in token_sets:
            df.update(tokens)
            n += 1
        self.n = max(n, 1)
        self.df = df
        self._memo: dict[str, float] = {}
        self._fields: dict[frozenset[str], frozenset[str]] = {}
        self._rarest: dict[frozenset[str], str | None] = {}
        self._sums: dict[frozenset[str], tuple[float, float]] = {}

    def __call__(self, token: str) -> float:
        found = self._memo.get(token)
        if found is None:
            idf = math.log((1 + self.n) / (1 + self.df.get(token, 0))) + 1.0
            found = self._memo[token] = idf * (GENERIC_WEIGHT if token in GENERIC_STEMS else 1.0)
        return found

    def rarest(self, tokens: frozenset[str]) -> str | None:
        """The stem of highest weight (ties: the first in order), remembered."""
        if tokens not in self._rarest:
            self._rarest[tokens] = min(tokens, key=lambda t: (-self(t), t)) if tokens else None
        return self._rarest[tokens]

    def fields(self, w: Wording) -> frozenset[str]:
        """The fields a wording is narrowed to, beyond the corpus's own (and what that one implies)."""
        found = self._fields.get(w.tokens)
        if found is None:
            named = w.tokens - OWN_FIELD
            found = named & DOMAIN_STEMS
            for token in sorted(named):
                found |= IMPLIED_DOMAINS.get(token, frozenset())
            found = self._fields[w.tokens] = found - OWN_FIELD
        return found

    def sums(self, tokens: frozenset[str]) -> tuple[float, float]:
        """(sum of squared weights, sum of weights) of a stem set, remembered."""
        found = self._sums.get(tokens)
        if found is None:
            ws = [self(t) for t in sorted(tokens)]
            found = self._sums[tokens] = (sum(x * x for x in ws), sum(ws))
        return found


def overlap(a: frozenset[str], b: frozenset[str], weight: Weights) -> tuple[float, float]:
    """(cosine tempered by coverage, the smaller of the two sides' matched weight shares) of two stem sets."""
    cosine, cover, _ = overlaps(a, b, weight)
    return cosine, cover


def overlaps(a: frozenset[str], b: frozenset[str], weight: Weights) -> tuple[float, float, float]:
    """overlap(), and the larger of the two sides' matched weight shares (1: one side's stems all in the other)."""
    shared = a & b
    if not shared:
        return 0.0, 0.0, 0.0
    shared_sq = shared_w = 0.0
    for t in sorted(shared):  # a fixed order: float sums must not depend on the hash seed
        x = weight(t)
        shared_sq += x * x
        shared_w += x
    norm_a, sum_a = weight.sums(a)
    norm_b, sum_b = weight.sums(b)
    cosine = shared_sq / math.sqrt(norm_a * norm_b)
    cover = shared_w / max(sum_a, sum_b)
    return math.sqrt(cosine * cover), cover, shared_w / min(sum_a, sum_b)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def names_another_thing(a: Wording, b: Wording) -> bool:
    """One wording names a concept of the field the other does not (and not as a typo of a word there).

    A field the other side's concepts imply ("LLM" next to "RLHF"), the generic stems ("AI",
    "model"), a concept given only as an example ("… like ChatGPT") and the corpus's own
    field (OWN_FIELD) name nothing new.
    """
    only_a = (a.tokens - b.tokens - b.domains - b.implied - GENERIC_STEMS - a.examples - OWN_FIELD) & NAMED_CONCEPTS
    only_b = (b.tokens - a.tokens - a.domains - a.implied - GENERIC_STEMS - b.examples - OWN_FIELD) & NAMED_CONCEPTS
    a, b = a.tokens, b.tokens
    if only_a and only_b:
        return True
    return bool((only_a and b <= a) or (only_b and a <= b))


def _other_field(a: Wording, b: Wording, weight: Weights) -> bool:
    """Both narrowed to a field beyond the corpus's own, and to different ones."""
    da, db = weight.fields(a), weight.fields(b)
    return bool(da and db and not da & db)


def _set_apart(a: Wording, b: Wording, weight: Weights) -> bool:
    """Something sets the two apart: another intent (or one asking only for a side of what the other asks),
    a comparison against one thing, another field, a concept only one names, or two definitions of unrelated
    subjects."""
    ia, ib = a.intents - CORE_INTENTS - {"compare"}, b.intents - CORE_INTENTS - {"compare"}
    return bool((ia and ib and not ia & ib) or a.comparison != b.comparison
                or _other_field(a, b, weight) or names_another_thing(a, b)
                or (a.subject and b.subject and not a.subject & b.subject))


def _sentence_scores(a: Wording, b: Wording, weight: Weights) -> tuple[float, float]:
    """(best, best among those nothing sets apart): a sentence of one wording against the other wording."""
    best = best_clean = 0.0
    for one, other in ((a, b), (b, a)):
        for part in one.sentences:
            if len(part.tokens - GENERIC_STEMS) >= 2:
                score = overlap(part.tokens, other.tokens, weight)[0]
                best = max(best, score)
                if score > best_clean and not _set_apart(part, other, weight):
                    best_clean = score
    return best, best_clean


def _intent_scores(a: Wording, b: Wording) -> tuple[float, bool, bool]:
    """(Jaccard of the intents beyond the thing itself, they conflict, only one side has any)."""
    ia, ib = a.intents - CORE_INTENTS - {"compare"}, b.intents - CORE_INTENTS - {"compare"}
    intent_overlap = len(ia & ib) / len(ia | ib) if ia | ib else 1.0
    return intent_overlap, bool(ia and ib and not ia & ib), bool(ia) != bool(ib)


def _rarest(w: Wording, weight: Weights) -> str | None:
    return weight.rarest(w.subject_stems)


_COMPARISON_TOKENS = frozenset(t for t in CONCEPT_TOKENS if is_comparison((t,)))  # "differ", "tradeoff"


def core_concepts(w: Wording) -> frozenset[str]:
    """The concepts a wording is about: those it names, less what they are kinds or parts of and the fields they imply
    ("self-attention in transformers" is about self-attention), less the book's own field and comparison words."""
    return w.core


def _core_concepts(concepts: frozenset[str], implied: frozenset[str]) -> frozenset[str]:
    found = set(implied)
    for c in concepts:
        found |= IMPLIED_DOMAINS.get(c, frozenset())
    return concepts - found - OWN_FIELD - _COMPARISON_TOKENS


def _same_things_one_compares(a: Wording, b: Wording) -> bool:
    """One compares, the other does not but is about the same two or more things ("How does the transformer
    differ from RNNs?" ~ "What problems of RNNs do transformers solve?")."""
    ca, cb = a.core, b.core
    return a.comparison != b.comparison and len(ca) >= 2 and len(cb) >= 2 and (ca <= cb or cb <= ca)


_ASPECTS_OF_ITSELF = frozenset(SYNONYM_OF.get(stem(w), stem(w)) for w in ("architecture", "component", "process", "role", "use"))


def topic(w: Wording, weight: Weights) -> frozenset[str]:
    """What a wording is about: its core concepts, else its rarest subject stem ("temperature", "quantization")."""
    found = core_concepts(w)
    if not found:
        rarest = weight.rarest(w.subject_stems)
        found = frozenset({rarest}) if rarest else frozenset()
    return found


def _same_topic_same_ask(a: Wording, b: Wording, weight: Weights) -> bool:
    """The same topic, the same asks beyond the thing itself, and the same aspects asked about beyond how
    it works (how it is trained, evaluated, improved …): "How are LLMs trained?" ~ "Describe the training
    process of an LLM", not ~ "What is an LLM?"."""
    ta = topic(a, weight)
    return bool(ta) and ta == topic(b, weight) and a.comparison == b.comparison and (
        a.intents - CORE_INTENTS == b.intents - CORE_INTENTS) and (
        (a.tokens & ASPECT_STEMS) - _ASPECTS_OF_ITSELF == (b.tokens & ASPECT_STEMS) - _ASPECTS_OF_ITSELF) and all(
        w.subject is None or w.subject & ta for w in (a, b))


def _same_concepts_same_ask(a: Wording, b: Wording) -> bool:
    """What both are about (core_concepts, within the subject of a definitional question) is the same, and so is
    what they ask of it beyond the thing itself (nothing, or the same asks): "How do GANs work?" ~ "Explain the
    architecture of a GAN"."""
    ca = core_concepts(a)
    return bool(ca) and ca == core_concepts(b) and a.comparison == b.comparison and (
        a.intents - CORE_INTENTS == b.intents - CORE_INTENTS) and all(
        w.subject is None or w.subject & ca for w in (a, b))  # "the activation function in GANs" is not about GANs


def _only_asks_another_thing(a: Wording, b: Wording) -> bool:
    """ "What are the benefits of X?" vs "What is X?": one side's only clause asks for a side of the thing
    (beyond what it is, how it works, why it is needed), the other asks for nothing beyond the thing itself."""
    for one, other in ((a, b), (b, a)):
        if one.clauses == 1 and one.intents - CORE_INTENTS - {"compare"} and not other.intents - CORE_INTENTS:
            return True
    return False


def _defines_another_thing(a: Wording, b: Wording) -> bool:
    """Both define something, and each subject holds a stem the other wording lacks: "What is the activation
    function?" vs "What is the loss function?" (not "What is a GAN?" vs "Explain the role of the generator in GANs")."""
    if not (a.subject and b.subject):
        return False
    return bool((a.subject - ASPECT_STEMS - b.tokens) and (b.subject - ASPECT_STEMS - a.tokens))


def _misses_a_subject(a: Wording, b: Wording) -> bool:
    """One asks what several things are ("What are mode collapse and mode dropping?"), the other names
    nothing of one of them."""
    return any(not part & other.tokens for one, other in ((a, b), (b, a)) for part in one.subject_parts)


def _same_core_ask(a: Wording, b: Wording) -> bool:
    return bool(a.concepts) and a.concepts == b.concepts and a.comparison == b.comparison and not (
        (a.intents | b.intents) - CORE_INTENTS)


def _length_ratio(a: Wording, b: Wording) -> float:
    la, lb = len(a.tokens), len(b.tokens)
    return min(la, lb) / max(la, lb) if la and lb else 0.0


def pair_features(a: Wording, b: Wording, weight: Weights) -> tuple[float, ...]:
    """The pair's scores, in the order of FEATURES."""
    cosine, _ = overlap(a.tokens, b.tokens, weight)
    subject_cos, subject_cover, contained = overlaps(a.subject_stems, b.subject_stems, weight)
    trigrams = dice(a.trigrams, b.trigrams)
    other_concept = names_another_thing(a, b)
    best, best_clean = _sentence_scores(a, b, weight)
    same_subject = bool(a.subject and a.subject == b.subject and a.qualifier == b.qualifier)
    other_subject = bool(a.subject and b.subject and not a.subject & b.subject)
    intent_overlap, conflict, one_sided = _intent_scores(a, b)
    other_things = 1.0 - subject_cover if a.comparison and b.comparison else 0.0
    rarest_a = _rarest(a, weight)
    shared_info = min(sum(weight(t) for t in sorted(a.subject_stems & b.subject_stems)) / 10, 1.0)
    clean = 0.0 if _set_apart(a, b, weight) else 1.0
    return (cosine, subject_cos, subject_cover, trigrams, float(trigrams >= NEAR_VERBATIM and not other_concept), best,
            float(same_subject), float(other_subject), intent_overlap, float(conflict), float(one_sided),
            float(a.comparison != b.comparison), other_things, float(other_concept),
            float(_other_field(a, b, weight)), float(bool(weight.fields(a)) != bool(weight.fields(b))),
            _length_ratio(a, b), float(a.tokens == b.tokens), clean * cosine, best_clean,
            float(rarest_a is not None and rarest_a == _rarest(b, weight)), float(bool(a.concepts) and a.concepts == b.concepts),
            float(_same_core_ask(a, b)), contained, shared_info, float(_same_concepts_same_ask(a, b)),
            float(_misses_a_subject(a, b)), float(_same_topic_same_ask(a, b, weight)),
            float(_only_asks_another_thing(a, b)), float(_same_things_one_compares(a, b)),
            float(_defines_another_thing(a, b)))

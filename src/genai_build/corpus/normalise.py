"""Normalisation of raw questions: one spelling of whitespace, punctuation, words and concepts.

Two layers. `clean_wording`/`normalise` tidy what a reader gives (whitespace, leading
numbers such as "2." or "Q3.") without changing meaning; they feed the book. The comparison
layer (`comparison_key`, `concept_tokens`, `subject_tokens`) exists only for deciding
whether two wordings ask the same thing: it folds British into American spelling, expands
the field's abbreviations to one token (VAE = variational autoencoder), stems words, and
strips the question templates ("what is", "explain the concept of", "how does … work") so
that what is left is the subject of the question plus the words that narrow it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from genai_build.model import RawQuestion

_SPACE = re.compile(r"\s+")
_LEADING_NUMBER = re.compile(r"^\s*(?:Q\s*\d+\s*[.:)]|\d+\s*[.)]|#+)\s+", re.IGNORECASE)
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def clean_wording(text: str) -> str:
    """The dump's wording, tidied: NFC, one space, no leading number, no stray backticks."""
    text = unicodedata.normalize("NFC", text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = _SPACE.sub(" ", text).strip()
    text = _LEADING_NUMBER.sub("", text)
    text = text.strip("`").strip()
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def normalise(raw: RawQuestion) -> RawQuestion:
    answer = raw.answer.strip() if raw.answer and raw.answer.strip() else None
    return replace(raw, question=clean_wording(raw.question), answer=answer)


def comparison_key(text: str) -> str:
    """Lower-case letters and digits only: what two wordings must share to be the same text."""
    text = unicodedata.normalize("NFKD", text.lower())
    return " ".join(re.findall(r"[a-z0-9]+", text))


# --- the comparison layer -------------------------------------------------------------------

# Phrases of the field, each folded to one concept token. Applied to lower-case text with
# hyphens turned into spaces, longest phrases first; a parenthesised abbreviation after its
# expansion ("variational autoencoder (vae)") then repeats the token and is collapsed.
CONCEPTS: tuple[tuple[str, str], ...] = (
    (r"different (?:from|than)|differs? (?:from|between)", "differ"),
    (r"trade ?offs?", "tradeoff"),
    (r"variational auto ?encoders?", "vae"),
    (r"generative adversarial (?:networks?|nets?)", "gan"),
    (r"retrieval augmented generation", "rag"),
    (r"large language models?|llms", "llm"),
    (r"(?:deep )?reinforcement learning (?:from|with) human feedback", "rlhf"),
    (r"natural language processing", "nlp"),
    (r"natural language generation", "nlg"),
    (r"parameter efficient fine ?tuning", "peft"),
    (r"low rank adaptation", "lora"),
    (r"recurrent neural networks?|rnns", "rnn"),
    (r"convolutional neural networks?|cnns", "cnn"),
    (r"long short term memory|lstms", "lstm"),
    (r"named entity recognition", "ner"),
    (r"mixture of experts?(?: models?)?|moe", "moe"),
    (r"out of vocabulary", "oov"),
    (r"generative pre ?trained transformers?", "gpt"),
    (r"gpt ?[234](?:\.5)?v?|gpt4v|chatgpt", "gpt"),
    (r"bidirectional encoder representations? from transformers?", "bert"),
    (r"kullback leibler|kl divergence", "kl"),
    (r"artificial neural networks?|neural nets?", "neuralnetwork"),
    (r"neural networks?", "neuralnetwork"),
    (r"fine ?tun(?:ing|ed|e|es)|finetun(?:ing|ed|e|es)", "finetune"),
    (r"pre ?train(?:ing|ed)?|pretrain(?:ing|ed)?", "pretrain"),
    (r"self attention", "selfattention"),
    (r"multi ?head(?:ed)? (?:self )?attention|(?:multiple|several|many) (?:attention )?heads|attention heads",
     "multiheadattention"),
    (r"cross attention", "crossattention"),
    (r"vision language pre ?training|vlp", "vlp"),
    (r"tf ?idf", "tfidf"),
    (r"bag of words|bow", "bagofwords"),
    (r"vector (?:databases?|dbs?|stores?)", "vectordb"),
    (r"zero ?shot", "zeroshot"),
    (r"self supervised", "selfsupervised"),
    (r"semi supervised", "semisupervised"),
    (r"few ?shot", "fewshot"),
    (r"one ?shot", "oneshot"),
    (r"chain of thought|cot", "chainofthought"),
    (r"generative ai|gen ?ai|generative artificial intelligence", "genai"),
    (r"artificial intelligence", "ai"),
    (r"machine learning", "ml"),
    (r"deep learning", "dl"),
    (r"text to image", "texttoimage"),
    (r"text to text", "texttotext"),
    (r"sequence to sequence|seq2seq", "seq2seq"),
    (r"encoder decoder", "encoderdecoder"),
    (r"transformers? (?:models?|architectures?)|transformers", "transformer"),
    (r"language image", "languageimage"),
    (r"hugging ?face", "huggingface"),
    (r"positional (?:encodings?|embeddings?|information)", "positionalencoding"),
    (r"learning rate", "learningrate"),
    (r"gradient descent", "gradientdescent"),
    (r"latent space", "latentspace"),
    (r"diffusion models?|diffusion modell?ing", "diffusion"),
    (r"transfer learning", "transferlearning"),
    (r"mode collapse|model collapse", "modecollapse"),
    (r"prompt engineering", "promptengineering"),
    (r"prompt engineer", "promptengineer"),
)
CONCEPT_TOKENS = frozenset(token for _, token in CONCEPTS)


def _anchors(pattern: str) -> tuple[str, ...] | None:
    """Literal text one of which every match of `pattern` contains (None: no such text found).

    Each top-level alternative gives its longest run of plain letters outside groups and
    optional characters; a pattern is tried only on text holding one of them (a fast test:
    sixty regular expressions over every wording cost more than the rest of the reading).
    """
    alternatives, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            alternatives.append(pattern[start:i])
            start = i + 1
    alternatives.append(pattern[start:])
    found = []
    for alternative in alternatives:
        plain = re.sub(r"\([^()]*\)\??|.\?|\\.|[\[\]^$.*+{}]", "|", alternative)
        runs = [r for r in re.split(r"[^a-z]+", plain) if len(r) >= 2]
        if not runs:
            return None
        found.append(max(runs, key=len))
    return tuple(found)


_CONCEPT_PATTERNS = tuple((re.compile(rf"\b(?:{p})\b"), token, _anchors(p)) for p, token in CONCEPTS)

# British spellings folded into American ones before stemming.
_BRITISH = (
    (re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)\b"), r"iz\1"),
    (re.compile(r"\b(behavi|col|fav|neighb|lab|hum|harb)our"), r"\1or"),
    (re.compile(r"(?<=[aeiou]l)l(ing|ed|er)\b"), r"\1"),  # modelling, labelled
    (re.compile(r"\bcentre"), "center"),
    (re.compile(r"\banalys(e|es|ed|ing)\b"), r"analyz\1"),
)
_BRITISH_CANDIDATE = re.compile(r"[a-z]*(?:is|our|ll|centre|analys)[a-z]*")  # the only words _BRITISH can change
# the British fold would turn these into nonsense: words where "-ise" is not a suffix
_ISE_WORDS = frozenset("rise arise arises arising arised raise raised raising noise noises wise otherwise precise precisely "
                       "concise concisely concisesness expertise exercise exercises promise promises premise premises "
                       "advertise enterprise enterprises comprise comprises comprised surprise surprising revise revised "
                       "supervise supervised unsupervised supervision devise devised disguise franchise".split())

# Words that shape a question but do not say what it is about.
TEMPLATE_WORDS = frozenset(
    """what whats which who whom how why when where whose is are was were be been being am do does did done can could
    would should will shall may might must you your yours i me my we us our ours they them their it its this that these
    those there here the a an of in on for to and or but nor with by from as at into onto about over under than then
    between during while within via key main primary major fundamental basic core
    face faced faces facing encountered arise arises
    so such also too very just please some any each every other others another one ones
    explain explained explaining describe described describing define defined defining discuss discussed discussing
    elaborate elaborating illustrate tell give gives given provide provided share shares outline highlight mention
    concept concepts notion idea ideas meant mean means meaning understand understanding overview brief briefly detail
    detailed detail manner short let us know write about regarding related relation
    operate operates work works working worked
    term terms context basically exactly actually really generally typically commonly common usually often
    like e g eg etc ie write various different kind kinds type types sort matter matters""".split()
)

# Words that mark a question as a comparison of two things: such a question is never the
# same as one about either thing alone.
COMPARISON_WORDS = frozenset("differ differs differed difference differences different vs versus compare compared tradeoff "
                             "comparing comparison contrast contrasting distinguish distinction".split())

# Words that mean the same within interview questions: each group folds to its first word's stem.
SYNONYM_GROUPS: tuple[str, ...] = (
    "evaluate evaluation evaluating evaluated assess assessing assessment measure measuring judge judging",
    "role significance significant importance important crucial purpose need needed necessary essential",
    "prevent prevention preventing avoid avoiding mitigate mitigating mitigation fix fixing combat reduce reducing tackle address addressing handle handling deal",
    "choose choosing selection select selecting pick",
    "method methods technique techniques strategy strategies approach approaches way ways mechanism mechanisms",
    "use using used utilize utilizing utilized leverage leveraging employ employed apply applied applying usage",
    "stable stability stabilize stabilizing stabilization",
    "optimize optimizing optimization optimal",
    "benefit benefits advantage advantages pros",
    "challenge challenges difficulty difficulties issue issues problem problems pitfalls",
    "limit limits limitation limitations drawback drawbacks weakness weaknesses",
    "architecture architectures structure design",
    "component components part parts element elements",
    "application applications usecase",
    "output outputs sample samples response responses result results",
    "performance quality effectiveness",
    "improve improving improvement help helps enhance enhancing boost bolster",
    "differ differs differed difference differences different vs versus compare compared comparing comparison contrast contrasting distinguish distinction tradeoff",
)
# stems too general in this corpus to tell two questions apart (every question is about models)
GENERIC_WORDS = ("model models use role improve system task data generate generative genai ai industry "
                 "industries real world practical modern process train training").split()

_STEM_SUFFIXES = ("ational", "ization", "ation", "ement", "ment", "ness", "ity", "ing", "ied", "ed", "er", "ly", "e", "y")
_KEEP = frozenset("gpt bert rag llm vae gan lora peft nlp nlg rnn cnn lstm ner moe oov kl cot vlp bias "
                  "loss class process access less analysis basis bus gas lens".split())


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper: enough for 'optimizing/optimization/optimise' to meet."""
    if word in _KEEP or word in CONCEPT_TOKENS or len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word in _KEEP or word in CONCEPT_TOKENS:
        return word
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("iz") and len(word) > 5:
        word = word[:-2]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] in "bdglmnprt":
        word = word[:-1]  # "overfitt(ing)", "distill(ed)", "embedd(ing)" meet "overfit", "distil", "embed"
    return word


def _synonym_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for group in SYNONYM_GROUPS:
        words = group.split()
        head = stem(words[0])
        for word in words:
            mapping.setdefault(stem(word), head)
    return mapping


_SYNONYMS = _synonym_map()
SYNONYM_OF = _SYNONYMS  # stem -> the stem its synonym group folds to
# What a question asks about its subject, when it asks more than what the subject is:
# two questions about one subject with different intents are different questions.
INTENT_STEMS = frozenset(_SYNONYMS.get(stem(w), stem(w)) for w in "application challenge benefit limit evaluate method".split())
# Stems that name an aspect of a subject (its challenges, methods, uses …), not a subject.
ASPECT_STEMS = frozenset(_SYNONYMS.get(stem(w), stem(w)) for w in
                         "challenge method application benefit limit role differ evaluate prevent improve use "
                         "architecture component train process".split())

GENERIC_STEMS = frozenset(_SYNONYMS.get(stem(w), stem(w)) for w in GENERIC_WORDS)


def _fold_spelling(text: str) -> str:
    def fix(match: re.Match) -> str:
        word = match.group(0)
        if word in _ISE_WORDS:
            return word
        for pattern, replacement in _BRITISH:
            word = pattern.sub(replacement, word)
        return word
    return _BRITISH_CANDIDATE.sub(fix, text)


def _collapse_repeats(text: str) -> str:
    """A word repeated right after itself once ("vae vae?" -> "vae?")."""
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        if out and out[-1] == word.rstrip(".,?;:!") and out[-1].isalnum():
            out[-1] = word
        else:
            out.append(word)
    return " ".join(out)


@lru_cache(maxsize=1 << 14)
def concept_text(text: str) -> str:
    """Lower-case, ASCII, British folded to American, the field's phrases folded to one token each."""
    text = unicodedata.normalize("NFKD", text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = text.encode("ascii", "ignore").decode().lower()
    text = text.replace("’", "'").replace("'s", "")
    text = re.sub(r"\?\s*\([^()]{1,40}\)\s*$", "?", text)  # a section tag after the question: "…?(RAG)"
    text = re.sub(r"[^a-z0-9.,?;:!]+", " ", text)
    text = re.sub(r"\s*([.,?;:!])", r"\1", text)
    text = _fold_spelling(text)
    for pattern, token, anchors in _CONCEPT_PATTERNS:
        if anchors is None or any(a in text for a in anchors):
            text = pattern.sub(token, text)
    text = _collapse_repeats(text)  # "vae (vae)" -> "vae"
    # "How do you prevent X?", "How can X be integrated?" ask for methods
    text = re.sub(r"^how (?:do|can|would|should|will|could) (?!.{0,60}?\b(?:work|differ|compare))", "how method ", text)
    return _SPACE.sub(" ", text).strip()


def _token_stems(text: str) -> list[str]:
    stems = []
    for word in re.findall(r"[a-z0-9]+", text):
        if word in TEMPLATE_WORDS:
            continue
        s = stem(word)
        stems.append(_SYNONYMS.get(s, s))
    return stems


@lru_cache(maxsize=1 << 14)
def concept_tokens(text: str) -> tuple[str, ...]:
    """The stems a question is about, template words removed, in order of appearance."""
    return tuple(_token_stems(concept_text(text)))


def is_comparison(tokens: tuple[str, ...] | frozenset[str]) -> bool:
    return any(t in _COMPARISON_STEMS for t in tokens)


_COMPARISON_STEMS = frozenset(_SYNONYMS.get(stem(w), stem(w)) for w in COMPARISON_WORDS)


@lru_cache(maxsize=1 << 14)
def sentences(text: str) -> tuple[str, ...]:
    """The parts of a wording that ask something: split after '?', '.', ';' (not inside 'e.g.')."""
    text = re.sub(r"\b(e\.g|i\.e|etc|vs)\.", r"\1", text, flags=re.IGNORECASE)
    parts = [p.strip() for p in re.split(r"(?<=[?.;!])\s+", text) if p.strip()]
    return tuple(parts)


# Openings that ask for a definition or an explanation of one subject, and the words that
# end the subject's noun phrase. "What is X?", "Explain the concept of X", "How does X work?"
# and "Explain how X works" all ask about X.
_SUBJECT_OPENING = re.compile(
    r"^(?:(?:can|could) you )?(?:please )?(?:"
    r"what (?:is|are)(?: meant by)?|what do you (?:mean|understand) by|defin(?:e|ing)|describ(?:e|ing)|explain(?:ing)?|"
    r"elaborat(?:e|ing) on|understanding|"
    r"tell me about|give an overview of|how (?:does|do)(?= .{1,60}? work)"
    r")(?: in detail| briefly)? (?:(?:the )?(?:basic |fundamental |core )?(?:concept|idea|notion|working|functioning) of )?"
    r"(?:how )?(?:an? |the )?")
_SUBJECT_END = re.compile(r"[,?.;:!]| and (?:how|what|why|when|where|which|its|their|the)\b| (?:work|works|working)\b"
                          r"| (?:in|for|with|within|when|during|used|using|to|from|on)\b")
# Fields that narrow a question to one domain: the same question asked for another field,
# or only for one, is a different question. The book's own field (generative AI) is no narrowing.
DOMAIN_TOKENS = frozenset("nlp llm gan vae rag cnn rnn transformer diffusion neuralnetwork cv vision image text audio "
                          "video speech multimodal healthcare finance promptengineering prompt embedding chatbot "
                          "conversational tabular".split())
DOMAIN_STEMS = frozenset(stem(t) for t in DOMAIN_TOKENS)
# Concepts that belong to one field: naming the field next to them narrows nothing
# ("RLHF" is about LLMs, "positional encoding" about transformers).
IMPLIED_DOMAINS: dict[str, frozenset[str]] = {
    concept: frozenset(stem(d) for d in fields.split())
    for concept, fields in {
        "llm": "nlp", "rlhf": "llm nlp", "gpt": "llm nlp", "peft": "llm nlp", "lora": "llm nlp", "hallucination": "llm nlp",
        "bert": "transformer nlp", "selfattention": "transformer", "multiheadattention": "transformer",
        "crossattention": "transformer", "positionalencoding": "transformer", "encoderdecoder": "transformer",
        "modecollapse": "gan", "vectordb": "rag embedding", "tfidf": "nlp", "bagofwords": "nlp", "ner": "nlp",
        "vlp": "multimodal vision", "clip": "multimodal vision image text",
    }.items()
}


# Concepts that are kinds or parts of others: a wording naming one names the others too ("fine-tuning"
# is of a pre-trained model, LoRA is a parameter-efficient fine-tuning method, multi-head attention is
# self-attention). Naming them adds no concept to a pair.
IMPLIED_CONCEPTS: dict[str, frozenset[str]] = {
    concept: frozenset(implied.split())
    for concept, implied in {
        "finetune": "pretrain", "peft": "finetune pretrain", "lora": "peft finetune pretrain",
        "multiheadattention": "selfattention", "rlhf": "finetune", "modecollapse": "gan",
    }.items()
}


_QUALIFIER_END = re.compile(r"[,?.;:!]| and (?:how|what|why|when|where|which|its|their|the)\b| (?:work|works|working)\b")


@lru_cache(maxsize=1 << 14)
def subject_tokens(text: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(stems of the subject, stems of the phrase that narrows it) of a definitional question; None for other kinds.

    "What is mode collapse in the context of GANs, and how …" has the subject {modecollapse}
    and the qualifier {gan}; the follow-up clause after the comma is neither.
    """
    first = concept_text(sentences(text)[0] if sentences(text) else text)
    match = _SUBJECT_OPENING.match(first)
    if not match:
        return None
    rest = first[match.end():]
    end = _SUBJECT_END.search(rest)
    if match.group(0).endswith("how ") and not (end and end.group(0).strip() in ("work", "works", "working")):
        return None  # "Explain how X combines Y" asks about what X does, not what X is
    phrase = rest[: end.start()] if end else rest
    return _subject_and_qualifier(phrase, rest, end)


@lru_cache(maxsize=1 << 14)
def subject_parts(text: str) -> tuple[frozenset[str], ...]:
    """The stems of each thing a definitional question's subject joins with "and" / "or" ("What are mode
    collapse and mode dropping?": two parts); one part, or none for other kinds of questions."""
    first = concept_text(sentences(text)[0] if sentences(text) else text)
    match = _SUBJECT_OPENING.match(first)
    if not match or subject_tokens(text) is None:
        return ()
    rest = first[match.end():]
    end = _SUBJECT_END.search(rest)
    phrase = rest[: end.start()] if end else rest
    parts = (frozenset(_token_stems(part)) for part in re.split(r",| and | or ", phrase))
    return tuple(part for part in parts if part)


def _subject_and_qualifier(phrase: str, rest: str, end: re.Match | None) -> tuple[frozenset[str], frozenset[str]] | None:
    subject = frozenset(_token_stems(phrase))
    if not subject or len(phrase.split()) > 6:
        return None
    qualifier: frozenset[str] = frozenset()
    joint = end.group(0).strip() if end else ""
    # only a preposition narrows the subject ("… in the context of GANs"); "… and how …" asks something more
    if joint and joint[0].isalpha() and joint not in ("work", "works", "working") and not joint.startswith("and "):
        tail = rest[end.end():]
        stop = _QUALIFIER_END.search(tail)
        qualifier = frozenset(_token_stems(tail[: stop.start()] if stop else tail))
    return subject, qualifier


# --- the wording the book shows ---------------------------------------------------------------

_TRAILING_TAG = re.compile(r"\?\s*\((?:[^()]*\)?)\s*$")  # "…by LLMs?(RAG)", "…images?(internal mechanism of stable"
_SPACED_POSSESSIVE = re.compile(r"(?<=\w) +(['’]s)\b")
_ASKS = frozenset("""what whats what's how why when which where who whom whose is are was were do does did can could would
    should will shall may might have has explain explaining describe describing discuss define give name list compare
    contrast outline highlight identify propose provide talk tell share write walk suppose imagine design implement
    suggest consider evaluate mention elaborate summarize summarise illustrate differentiate distinguish""".split())
_TITLE_MAX_WORDS = 8


def shown_wording(text: str) -> str:
    """The wording as the book prints it: a tag after the question mark dropped ("…?(RAG)"),
    "GPT 4 's" closed up, and a bare title ("GPT 4's Request body") asked as a question."""
    text = _TRAILING_TAG.sub("?", text).strip()
    text = _SPACED_POSSESSIVE.sub(r"\1", text)
    words = text.rstrip(".").split()
    if (words and not text.endswith("?") and len(words) <= _TITLE_MAX_WORDS
            and words[0].lower().strip(",:") not in _ASKS and not words[0].lower().endswith("ing")):
        rest = [w if i == 0 or not w[:1].isupper() or not w[1:].islower() else w.lower() for i, w in enumerate(words)]
        if rest[0][1:].islower():  # an ordinary first word, not a name or an acronym
            rest[0] = rest[0].lower()
        verb = "are" if re.search(r"[^s]s$", rest[-1]) else "is"
        text = f"What {verb} {' '.join(rest)}?"
    return text


def text_stems(text: str, concepts: frozenset[str] = frozenset()) -> frozenset[str]:
    """The stems of a long text (an answer), cheaply: its words stemmed and folded to synonyms,
    plus those of `concepts` (concept tokens) whose phrase it uses."""
    lowered = " ".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text.lower())))
    found = {_SYNONYMS.get(stem(w), stem(w)) for w in set(lowered.split()) if w not in TEMPLATE_WORDS}
    for pattern, token, _ in _CONCEPT_PATTERNS:
        if token in concepts and token not in found and pattern.search(lowered):
            found.add(token)
    return frozenset(found)

"""Who said it: the origin of a figure (``source``), the chain that carried it (``via``),
and whether the author computed it (``derived``).

Attributions read in a sentence, in order of strength:
- "citing Y" ("X, citing Y, wrote", "X reported, citing Y"): source Y, via X;
- "according to Y";
- "X said/wrote/reported/notes/claims/estimates/admitted/posted/told ..." and its inverted
  form after a quotation ("..., Butusov said"); "X quoted Y as saying" keeps X;
- a paragraph that ends with "X posted:" or "X admitted:" introduces the quotation that
  follows, paragraph by paragraph, until the quotation closes.
An attribution carries on to the following sentences of its paragraph, and back to figures
earlier in the paragraph that have none. Official sources of case statistics (pack kind
"official") carry on across paragraphs to later case figures. "He", "the journalist", "the
newspaper" point back to the last source of that kind. "The newspaper cited Y" right after
a figure moves its source to Y, keeping the newspaper as via.

The author computed a figure ("derived") when it is a ratio (twice, 5.5 times), when the
sentence says so ("It turns out that", "our estimate"), or when a share follows a count in
apposition ("3,136 soldiers came back — less than three percent"); the author's own
computations have no source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..gate import WordStart, gates, word_start
from ..model import Sentence
from .context import DocContext, Spot

_VERBS = (
    r"said|says|wrote|writes|reported|reports|notes|noted|claims|claimed|shows?|showed|"
    r"found(?=\s*(?:that\b|[.,;]))|finds(?=\s*(?:that\b|[.,;]))|published|publishes|released|"
    r"releases|"
    r"estimates|estimated|admitted|admits|posted|told|tells|described|insists|insisted|"
    r"believes|summarizes|summarised|summarized|confirmed|confirms|added|"
    r"explained|stated|announced|warned|suggests|suggested|quoted|messaged|predicted|"
    r"acknowledged|revealed|cited"
)
_CITING = re.compile(r"\bciting\s+[“\"]?(?P<y>[^,.;:“”\"]+)", re.IGNORECASE)
_TOLD = re.compile(r"(?<=told)\s+(?P<y>(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})")
_BY = re.compile(
    r"\b(?:was|were|is|are|been)\s+(?:reported|announced|published|stated|said|confirmed|"
    r"revealed|disclosed)\s+by\s+(?P<y>[^,.;:“”\"]+)"
)
_DATA_OF = re.compile(
    r"^(?:the\s+)?(?:latest\s+|official\s+|new\s+|monthly\s+)?(?:figures|data|statistics|numbers|"
    r"records|estimates|count)\s+(?:(?:provided|released|published|compiled|collected)\s+by\s+|"
    r"from\s+|of\s+|that\s+|(?=the\s|[A-Z]))(?P<y>.+?)"
    r"(?:\s+(?:provided|released|published|compiled|gave|gives|shows?|showed))?$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+(?P<y>[^,.;:“”\"(]+)")
_VERB = re.compile(rf"\s(?:(?:also|has|had|have)\s+)?(?:{_VERBS})\b")
_SUBJECT_STOP = re.compile(r"[.;:“”\"!?]")
_INVERTED = re.compile(
    rf"[”\"]\s*,?\s*(?:[–—-]\s*)?(?:(?P<v1>{_VERBS})\s+(?P<y1>[A-Z][^,.;:]*)|"
    rf"(?P<y2>[^,.;:“”\"]+?)\s+(?P<v2>{_VERBS}))\s*[.,]"
)
_AUTHOR = re.compile(
    r"\b(?:[Ii]t turns out|our (?:own )?estimate|[Ww]e estimated?|by our count|"
    r"[Ww]e calculated|according to our)\b"
)
# The words right before a figure that say the writer is working it out ("an average of
# about 17,500", "that meant about 620 a day", "you arrive at 163,231") ...
_COMPUTED_BEFORE = re.compile(
    r"(?:\ban\s+average\s+of|\bon\s+average,?|\b(?:that|this|which)\s+(?:meant|means|makes|made)|"
    r"\bwork(?:s|ed)?\s+out\s+(?:to|at)|\barrive\s+at|\bequivalent\s+to|\bcorrespond(?:s|ed)?\s+to|"
    r"\b(?:put\s+differently|in\s+other\s+words)[,:]?(?:\s+\w+){0,6}|\bthus)\s+"
    r"(?:(?:only|just|some|about|around|roughly|nearly|almost|over|barely|the)\s+)*$",
    re.IGNORECASE,
)
# ... and right after it ("13% fewer", "3.3% more than in April", "74% higher").
_COMPUTED_AFTER = re.compile(
    r"^\s*(?:more|fewer|less|higher|lower|up|down)\b(?!\s+(?:cases|soldiers|people))", re.IGNORECASE
)
# After an official body's name, the words that make it the one that counted the figure.
_RECORDED = re.compile(
    r"(?:['’]s?)?\s+(?:(?:had|has|have)\s+)?(?:recorded|registered|counted|logged|"
    r"(?:records?|data|figures|count|tally|statistics)\b)",
    re.IGNORECASE,
)
_FIGURE_BETWEEN = re.compile(r"\d")
# How far before a figure the body that counted it may be named, in characters.
RECORDED_REACH = 90
# A share followed by what it is a share of ("... of the total", "of February's cases").
_SHARE_OF = re.compile(r"\s+(?:of|among)\s+(?:the|all|this|these|those|its|their|[A-Z]\w*['’]s)\b")
SHARE_REACH = 30
_BACK_BY = re.compile(
    r"^\W*(?:This|That|These|It)\s+(?:was|were|has\s+been|had\s+been)\s+(?:reported|announced|"
    r"published|stated|said|confirmed|revealed|disclosed)\s+by\s+(?P<y>[^,.;:]+)"
)
_BACK_CITE = re.compile(
    r"^\W*(?:The|This|That)\s+(?:newspaper|paper|outlet|agency|magazine|"
    r"publication|article|report|channel|website)\s+(?:cited|quoted|cites|"
    r"quotes|referred\s+to)\s+(?P<y>[^,.;:]+)"
)
_PROPER = re.compile(
    r"(?<![\w-])(?:[A-Z][\w’'.-]*[A-Za-z])(?:\s+(?:of\s+the\s+|of\s+|for\s+|the\s+|de\s+|al-)?"
    r"[A-Z][\w’'.-]*[A-Za-z])*"
)
_DETERMINERS = re.compile(
    r"^(?:the|a|an|one|some|another|this|that|these|those|his|her|their|"
    r"its|our|information\s+from|data\s+from|figures\s+from|reports?\s+by)\s+",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"\s+(?:of\s+one\s+of|with\s+knowledge|who|which|that|in\s+that|as\s+saying)\b.*$"
)
_PRONOUN = re.compile(r"^(?:he|she|they|it|him|her)$", re.IGNORECASE)
_OFFICIAL_WORDS = frozenset(
    """office ministry prosecutors prosecutor government authorities bureau service police
    staff department directorate committee inspectorate""".split()
)
# Titles before a name ("President Zelensky", "Lawmaker Iryna Moroz"): not part of it.
_TITLES = frozenset(
    """president prime premier colonel lieutenant captain sergeant senator
    governor mayor chairman chairwoman chief director head ambassador dr mr mrs ms""".split()
)
# A person introduced by an apposition ("Bohdan Yatsyshyn, a member of parliament who ..."),
# whom a later "he said" points back to.
# Read on every sentence. "\b" before the capital is written as a look-behind after it, so
# that the pattern begins with a character class and the search skips to capitals.
_INTRODUCED = re.compile(
    r"(?P<name>[A-Z](?<!\w[A-Z])[a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}),\s+(?:a|an|the)\s+"
    r"(?P<role>(?:[\w-]+\s+){0,3}[\w-]+)"
)
# What every match of _INTRODUCED holds: one in ten sentences has it, and the search for it
# (from each comma) costs a quarter of the search for a name (from each capital).
_APPOSITION = re.compile(r",\s+(?:a|an|the)\s")
_ROLE_WORDS = frozenset(
    """member parliamentarian activist founder editor reporter medic volunteer veteran
    chairman chairwoman head chief director adviser advisor""".split()
)
_LOCAL_WORDS = frozenset("regional local district city oblast provincial municipal".split())
_DATA_WORDS = frozenset("data figures statistics register table tables reports".split())
_PERSON_WORDS = frozenset(
    """
    journalist blogger commander judge correspondent lawmaker lawyer researcher officer soldier
    deputy mp minister spokesman spokesperson author analyst expert official senior
    """.split()
)
_MEDIA_WORDS = frozenset(
    """
    newspaper paper agency magazine outlet website channel publication article media
    """.split()
)
_AUXILIARY_END = re.compile(
    r"\b(?:has|have|had|already|also|was|were|is|are|be|been|not|never|it|which|who)\s*$",
    re.IGNORECASE,
)
_FUNCTION_END = re.compile(
    r"\b(?:of|the|a|an|to|and|or|for|with|in|on|at|by|from|if|thousands|"
    r"hundreds|dozens|many|such|these|those)\s*$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
# Officials acting on their own statistics: "prosecutors registered", "investigators opened".
_AGENT = re.compile(
    r"\b(?:prosecutors|investigators|the\s+prosecutor['’]s\s+office)\s+(?:\w+\s+)?"
    r"(?:registered|opened|recorded|initiated|launched|filed|sent|served|closed|counted)\b",
    re.IGNORECASE,
)
_TRAILING_SUBJECT = re.compile(r"\b(?:the\s+[a-z]+|he|she|they)\s*$")
_NAME_ONLY = re.compile(r"^(?:[A-Z][\w’'.-]+)(?:\s+[A-Z][\w’'.-]+){1,3}$")
_INTRO = re.compile(r"\b(?:this|here)\s+is\s+what\b|\bas\s+follows\b", re.IGNORECASE)
_CALENDAR = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday moreover however analyzing
    """.split()
)
# Words that make a described phrase a source ("a source in the general staff").
_DESCRIPTOR_WORDS = frozenset(
    """
    source sources representative ministry office service services authorities staff police
    prosecutor prosecutors court government command website monitors activists relatives
    residents users chat channels channel media newspaper agency officials official lawmaker
    commander journalist blogger correspondent officer spokesman spokesperson analysts experts
    data statistics members parliament lawmakers mps deputies researcher researchers lawyer
    lawyers figures intelligence guards
    """.split()
)
_SENTENCE_OPENERS = frozenset(
    """
    The A An This That These Those It In On As But And Moreover However Then Now Only
    """.split()
)


# The longest phrase read as the unnamed subject of a reporting verb.
MAX_SUBJECT_WORDS = 10


@dataclass
class Attribution:
    source: str | None
    via: tuple[str, ...] = ()
    kind: str = "other"  # official | media | person | other


@dataclass
class _State:
    current: dict[int, Attribution] = field(default_factory=dict)  # per paragraph
    quoting: Attribution | None = None  # a quotation introduced by "X posted:"
    last_official: Attribution | None = None
    last_person: Attribution | None = None
    last_media: Attribution | None = None
    last_official_named: Attribution | None = None
    officials: list[Attribution] = field(default_factory=list)  # every official named, in order


class SourceReader:
    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.state = _State()
        self._sentence_cache: dict[int, tuple[Attribution | None, bool]] = {}
        self._next = 0  # the first sentence not read yet
        self._sources = word_start(ctx.pack.source_pattern)  # the pack's source names
        self._quote_paragraphs = self._quotations()
        # What each sentence is read for, gated: patterns that cannot match are not run.
        self._gated = (ctx.pack.source_pattern, _AUTHOR, _CITING, _BY, _ACCORDING, _AGENT, _VERB)
        self._gates = gates(self._gated)
        self._open: dict[int, frozenset[int]] = {}  # gate mask -> ids of the open patterns

    def read(
        self, spot: Spot, unit: str, case_measure: bool
    ) -> tuple[str | None, tuple[str, ...], bool]:
        """(source, via, derived) of the figure at ``spot``."""
        self._advance(spot.index)
        said, author = self._sentence_cache.get(spot.sentence.start, (None, False))
        derived = author or unit == "multiplier" or self._apposed_share(spot, unit)
        if author:
            return None, (), True
        reported = said or self._reported_next(spot)
        attribution = reported or self._carried(spot, case_measure)
        share_of = unit in ("percent", "fraction") and _SHARE_OF.match(
            self.ctx.doc.text, spot.q.end, spot.q.end + SHARE_REACH
        )
        if (
            reported is None
            and share_of
            and (attribution is None or attribution.kind == "official")
        ):
            # "accounts for only about 4% of the total", "made up 11% of February's cases": a
            # share of an office's figures, worked out by the writer (a retold outlet or
            # person may have worked it out themselves)
            return None, (), True
        if said is None and self._computed(spot, unit):
            # the writer's own arithmetic, unless the text retells a named person's account
            # ("This is twice as many as in October", in a columnist's quoted post)
            if attribution is None or attribution.kind != "person":
                return None, (), True
            derived = True
        if attribution is None:
            return None, (), derived
        recorded = self._recorded_by(spot)
        if recorded is not None and recorded.source != attribution.source:
            # "Moroz said the General Staff had recorded about 3,900": the body that counted
            # is the origin, the speaker carried it
            carrier = (attribution.source,) if attribution.kind in ("person", "media") else ()
            return recorded.source, (*carrier, *self._without_outlet(attribution.via)), derived
        official = self.state.last_official
        if case_measure and attribution.kind == "media" and not attribution.via and official:
            # "The Kyiv Ledger reported that nearly 95,000 cases ...": an outlet retelling the
            # official statistic carries it; the origin stays the office.
            return official.source, self._without_outlet((attribution.source or "",)), derived
        if case_measure and attribution.kind == "official":
            self.state.last_official = attribution
        back = self._cited_next(spot)
        if back is not None and attribution.source is not None:
            return back, (attribution.source, *attribution.via), derived
        return attribution.source, self._without_outlet(attribution.via), derived

    # -- sentences -------------------------------------------------------------------------

    def _advance(self, upto: int) -> None:
        """Read the attributions of every sentence up to ``upto``, figures or not, in order."""
        for k in range(self._next, upto + 1):
            sentence = self.ctx.sentences[k]
            paragraph = self.ctx.paragraph_of(sentence.start)
            open_ = self._open_patterns(sentence)
            found = _Found(sentence.text, open_, self._sources)
            author = found.search(_AUTHOR) is not None
            said = None if author else self._attribution(found)
            if said is not None:
                self.state.current[paragraph] = said
                self._remember(said)
                if said.kind == "official":
                    self.state.last_official = said
            elif author:
                self.state.current.pop(paragraph, None)
            self._mentioned(found)
            self._sentence_cache[sentence.start] = (said, author)
        self._next = max(self._next, upto + 1)

    def _open_patterns(self, sentence: Sentence) -> frozenset[int]:
        """The ids of the gated patterns that may match ``sentence`` (few combinations recur:
        kept). Ids, because hashing a compiled pattern hashes its whole program, each time."""
        mask = self._gates.open(self.ctx.folded(sentence.start, sentence.end)[0])
        if mask not in self._open:
            self._open[mask] = frozenset(id(p) for b, p in enumerate(self._gated) if mask >> b & 1)
        return self._open[mask]

    def _official_named(self, found: _Found) -> Attribution | None:
        pack = self.ctx.pack
        for m in found.sources:
            known = pack.source_named(m.group())
            if known is not None and known.kind == "official":
                return Attribution(known.name, kind="official")
        return None

    def _mentioned(self, found: _Found) -> None:
        """Known sources a sentence names, for "he" and "the journalist" later on."""
        pack = self.ctx.pack
        for m in found.sources:
            known = pack.source_named(m.group())
            if known is not None and known.kind in ("person", "media", "official"):
                self._remember(Attribution(known.name, kind=known.kind))
        introductions = _INTRODUCED.finditer(found.text) if _APPOSITION.search(found.text) else ()
        for m in introductions:
            words = {w.lower() for w in m.group("role").split()}
            if words & (_PERSON_WORDS | _ROLE_WORDS):
                self._remember(Attribution(m.group("name"), kind="person"))

    def _attribution(self, found: _Found) -> Attribution | None:
        sentence = found.text
        m = found.search(_CITING)
        if m is not None:
            carrier = self._subject_before(sentence, m.start())
            origin = self.name(m.group("y"))
            if origin is not None:
                via = (carrier.source,) if carrier and carrier.source else ()
                return Attribution(
                    origin.source, via + (carrier.via if carrier else ()), origin.kind
                )
        m = found.search(_BY)
        if m is not None:
            named = self.name(m.group("y"))
            if named is not None:
                return named  # "This was reported by lawmaker Oleksiy Goncharenko"
        m = found.search(_ACCORDING)
        if m is not None:
            named = self.name(m.group("y"))
            if named is not None:
                return named
        official = self._official_named(found)
        if official is not None and not found.search(_VERB) and _DIGIT.search(sentence):
            return official  # "When the Office of the Prosecutor General refreshed its data: ..."
        agent = found.search(_AGENT)
        if agent is not None and self.state.last_official_named and _DIGIT.search(sentence):
            return self.state.last_official_named  # "In January prosecutors registered 17,810"
        inverted = _INVERTED.finditer(sentence) if _may_close_quotation(sentence) else ()
        for m in inverted:
            named = self.name(m.group("y1") or m.group("y2") or "")
            if named is not None:
                return named
        for before, verb_end in _subjects(sentence) if found.may(_VERB) else []:
            named = self.subject(before)
            if named is not None:
                return self._told(named, sentence, verb_end)
        return None

    def _told(self, found: Attribution, sentence: str, verb_end: int) -> Attribution:
        """ "X told the Associated Press that ...": the outlet that carried X's words is via."""
        m = _TOLD.match(sentence, verb_end)
        if m is None or found.source is None:
            return found
        outlet = self.name(m.group("y"), strict=True)
        if outlet is None or outlet.source is None or outlet.kind == "person":
            return found
        return Attribution(found.source, (outlet.source, *found.via), found.kind)

    def subject(self, before_verb: str) -> Attribution | None:
        """The source named as the subject of a reporting verb: a pack alias in its clause,
        else its last comma-separated piece ("..., Servant of the People MP Ruslan Horbenko,
        claims"), else a proper name in an earlier piece."""
        clause = _last_clause(before_verb)
        if not clause or _AUXILIARY_END.search(clause) or _FUNCTION_END.search(clause):
            return None
        tail = _TRAILING_SUBJECT.search(clause)
        if tail is not None and tail.start() > 0:
            found = self.name(tail.group())
            if found is not None and found.source is not None:
                return found  # "the highest figure the office has published": the office
        aliases = self._sources.finditer(clause)
        if aliases:
            return self.name(max(aliases, key=lambda a: len(a.group())).group())
        pieces = [p.strip() for p in clause.split(",") if p.strip()]
        if not pieces or re.search(r"\d(?!\d*(?:st|nd|rd|th)\b)", pieces[-1]):
            return None  # "if 19,000 reports": a number, not a speaker
        for piece in reversed(pieces[-3:]):
            if _NAME_ONLY.match(piece) and self.ctx.pack.place_named(piece) is None:
                return self.name(piece)  # "Marta Kovalenko, a researcher at ..., estimates"
        if len(pieces[-1].split()) > MAX_SUBJECT_WORDS:
            return None
        return self.name(pieces[-1], strict=True)

    def _subject_before(self, sentence: str, pos: int) -> Attribution | None:
        head = sentence[:pos].rstrip(" ,")
        head = re.sub(rf"\s+(?:{_VERBS})$", "", head)
        return self.subject(head + " ")

    # -- names -----------------------------------------------------------------------------

    def name(self, phrase: str, strict: bool = False) -> Attribution | None:
        """The source a phrase names: a pack alias, a proper name, a pronoun or descriptor
        resolved to the last source of its kind, or the phrase itself."""
        phrase = phrase.strip(" ,“”\"'()[]")
        if not phrase or len(phrase) > 150:
            return None
        data = _DATA_OF.match(phrase)
        if data is not None:  # "figures the service provided", "data from the ministry"
            phrase = data.group("y")
        pack = self.ctx.pack
        aliases = self._sources.finditer(phrase)
        if aliases:
            known = pack.source_named(max(aliases, key=lambda a: len(a.group())).group())
            if known is not None:
                return Attribution(known.name, kind=known.kind)
        words = phrase.split()
        if len(words) == 1 and words[0].lower() in ("we", "i", "us", "our"):
            return None  # the author speaking: no outside source
        if [w.lower() for w in words] in (
            ["source"],
            ["sources"],
            ["the", "source"],
            ["our", "source"],
            ["the", "sources"],
        ):
            return Attribution("unnamed source", kind="other")
        if len(words) == 1 and _PRONOUN.match(words[0]):
            last = (
                self.state.last_person
                if words[0].lower() in ("he", "she", "him", "her")
                else (self.state.last_person or self.state.last_media)
            )
            return last
        lowered = {w.lower().strip(",") for w in words}
        proper = self._proper(phrase, strict)
        if proper is None and len(words) <= 4 and words[0].lower() in ("the", "this"):
            if lowered & _PERSON_WORDS and self.state.last_person:
                return self.state.last_person
            if lowered & _MEDIA_WORDS and self.state.last_media:
                return self.state.last_media
            if lowered & (_OFFICIAL_WORDS | _DATA_WORDS):
                named = self._official_like(lowered)
                if named is not None:
                    return named  # "the service", "the prosecutors' data", "the data showed"
        if proper is not None:
            kind = (
                "media"
                if lowered & _MEDIA_WORDS
                else "person"
                if lowered & _PERSON_WORDS
                else "other"
            )
            return Attribution(proper, kind=kind)
        described = _describe(phrase)
        if described is None or not lowered & _DESCRIPTOR_WORDS:
            return None  # "They", "SZCh": not a source a reader can be pointed to
        kind = "person" if lowered & _PERSON_WORDS else "other"
        return Attribution(described, kind=kind)

    def _official_like(self, words: set[str]) -> Attribution | None:
        """The official body a descriptor points back to: the latest one named whose name
        shares its head word ("the service" -> the last "... Service"), else a pack official
        with that word in its name, else (for "the data", "the office") the latest named."""
        if words & _LOCAL_WORDS:
            return None  # "the regional prosecutor's office": not the national body
        heads = {_stem(w) for w in words} & {_stem(w) for w in _OFFICIAL_WORDS}
        if not heads:
            return self.state.last_official_named
        for named in reversed(self.state.officials):
            if heads & {_stem(w) for w in (named.source or "").split()}:
                return named
        for known in self.ctx.pack.sources:
            if known.kind == "official" and heads & {_stem(w) for w in known.name.split()}:
                return Attribution(known.name, kind="official")
        return None

    def _proper(self, phrase: str, strict: bool = False) -> str | None:
        spans = []
        for m in _PROPER.finditer(phrase):
            span = m.group()
            words = span.split()
            while words and (
                words[0] in _SENTENCE_OPENERS
                or words[0].lower() in _CALENDAR
                or (len(words) > 1 and words[0].lower() in _PERSON_WORDS | _TITLES)
            ):
                words = words[1:]
            opener = len(words) == 1 and m.start() == 0 and words[0] == span
            if not words or (opener and not (strict and span == phrase)):
                continue  # a capital that only opens the phrase ("Battalion commander ...")
            span = " ".join(words)
            if self.ctx.pack.place_named(span) is not None or span.endswith("-based"):
                continue  # "Ukrainian", "Polish", "Kiev-based": descriptions, not names
            spans.append(span)
        if not spans:
            return None
        multi = [s for s in spans if len(s.split()) > 1]
        return (multi or spans)[-1]  # "Defence Ministry spokesman Ihor Savchuk": the name

    def _remember(self, attribution: Attribution) -> None:
        if attribution.kind == "official":
            self.state.last_official_named = attribution
            self.state.officials.append(attribution)
        if attribution.kind == "person":
            self.state.last_person = attribution
        elif attribution.kind == "media":
            self.state.last_media = attribution

    # -- carrying --------------------------------------------------------------------------

    def _carried(self, spot: Spot, case_measure: bool) -> Attribution | None:
        current = self.state.current.get(spot.paragraph)
        if current is not None:
            return current
        if spot.paragraph in self._quote_paragraphs:
            return self._quote_paragraphs[spot.paragraph]
        previous = self._previous_paragraph(spot.paragraph)
        if previous is not None and previous.kind == "person":
            return previous  # a reporter's account goes on in the next paragraph
        if case_measure and self.state.last_official is not None:
            return self.state.last_official
        return None

    def _previous_paragraph(self, paragraph: int) -> Attribution | None:
        """The attribution the previous non-empty paragraph ended with."""
        lines = self.ctx.line_starts
        text = self.ctx.doc.text
        for k in range(paragraph - 1, max(-1, paragraph - 4), -1):
            end = lines[k + 1] if k + 1 < len(lines) else len(text)
            if text[lines[k] : end].strip():
                return self.state.current.get(k) or self._quote_paragraphs.get(k)
        return None

    def _quotations(self) -> dict[int, Attribution]:
        """Paragraphs of quotations: those a paragraph ending in "X posted:" opens, until the
        quotation closes, and a quoted paragraph that ends with "..., Boyko notes."."""
        ctx = self.ctx
        found: dict[int, Attribution] = {}
        lines = ctx.doc.text.split("\n")
        for i, line in enumerate(lines):
            body = line.strip()
            closing = _INVERTED.search(body) if body.startswith(("“", '"')) else None
            if closing is not None:
                speaker = self.name(closing.group("y1") or closing.group("y2") or "")
                if speaker is not None and speaker.source is not None:
                    found[i] = speaker
            tail = body[-300:]
            if not (body.endswith(":") or introduces(tail)):
                continue
            speakers = [self.subject(before) for before, _ in _subjects(tail)]
            intro = next((x for x in reversed(speakers) if x is not None), None)
            if intro is None or intro.source is None:
                continue
            self._quoted_after(lines, i, intro, found)
        return found

    def _quoted_after(
        self, lines: list[str], i: int, intro: Attribution, found: dict[int, Attribution]
    ) -> None:
        """Give ``intro`` to the paragraphs after line i while the quotation stays open."""
        balance = 0
        for j in range(i + 1, min(len(lines), i + 30)):
            body = lines[j].strip()
            if not body:
                continue
            found.setdefault(j, intro)
            balance += body.count("“") - body.count("”") + body.count('"') % 2
            if balance <= 0:
                return

    def _cited_next(self, spot: Spot) -> str | None:
        """ "The newspaper cited a source in the Polish security services." just after."""
        m = self._next_sentence_match(spot, _BACK_CITE)
        if m is None:
            return None
        origin = self.name(m.group("y"))
        return origin.source if origin else None

    def _reported_next(self, spot: Spot) -> Attribution | None:
        """ "This was reported by MP Oleksiy Goncharenko." just after the figure."""
        m = self._next_sentence_match(spot, _BACK_BY)
        return self.name(m.group("y")) if m is not None else None

    def _next_sentence_match(self, spot: Spot, pattern: re.Pattern[str]) -> re.Match[str] | None:
        k = spot.index + 1
        if k >= len(self.ctx.sentences):
            return None
        sentence = self.ctx.sentences[k]
        if self.ctx.paragraph_of(sentence.start) != spot.paragraph:
            return None
        return pattern.match(sentence.text)

    def _recorded_by(self, spot: Spot) -> Attribution | None:
        """An official body named right before the figure as the one that counted it: "the
        General Staff had recorded", "General Staff records show", "the General Staff's count
        ... stood at"."""
        text = self.ctx.doc.text
        lead = text[max(spot.clause[0], spot.q.start - RECORDED_REACH) : spot.q.start]
        pack = self.ctx.pack
        best = None
        for m in self._sources.finditer(lead):
            known = pack.source_named(m.group())
            if known is None or known.kind != "official":
                continue
            if _RECORDED.match(lead, m.end()) and not _FIGURE_BETWEEN.search(lead, m.end()):
                best = Attribution(known.name, kind="official")
        return best

    def _computed(self, spot: Spot, unit: str) -> bool:
        """A figure the writer works out in a sentence that quotes no one: an average, "that
        meant ...", a change in percent ("13% fewer"), a multiple."""
        text = self.ctx.doc.text
        before = text[max(spot.clause[0], spot.q.start - 60) : spot.q.start]
        after = text[spot.q.end : spot.q.end + 20]
        if unit == "multiplier":
            return True
        if unit == "percent" and _COMPUTED_AFTER.match(after):
            return True
        return _COMPUTED_BEFORE.search(before) is not None

    def _apposed_share(self, spot: Spot, unit: str) -> bool:
        """ "3,136 soldiers came back — less than three percent": a share the author adds."""
        if unit not in ("percent", "fraction"):
            return False
        before = self.ctx.doc.text[max(spot.sentence.start, spot.q.start - 4) : spot.q.start]
        return bool(re.search(r"[—–]\s*$|\(\s*$", before)) and self.ctx.quantity_between(
            spot.sentence.start, spot.q.start
        )

    def _without_outlet(self, via: tuple[str, ...]) -> tuple[str, ...]:
        outlet = self.ctx.doc.outlet
        return tuple(v for v in via if v != outlet)


class _Found:
    """One sentence with the patterns a gate lets through for it (``gate.Gates``)."""

    def __init__(self, text: str, open_: frozenset[int], sources: WordStart) -> None:
        self.text = text
        self._open = open_  # the ids of the gated patterns that may match (alive in the reader)
        self.sources = sources.finditer(text) if self.may(sources.pattern) else []

    def may(self, pattern: re.Pattern[str]) -> bool:
        return id(pattern) in self._open

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.search(self.text) if id(pattern) in self._open else None


def _may_close_quotation(text: str) -> bool:
    """Whether ``text`` holds a closing quotation mark, which begins every match of _INVERTED
    (most sentences have none, and are not searched)."""
    return '"' in text or "”" in text


def introduces(text: str) -> bool:
    """Whether ``text`` announces a quotation ("this is what he wrote", "as follows"). Every
    announcement holds "what" or "follows": a paragraph with neither is not searched (the
    case-insensitive search is tried at every character of every paragraph, else)."""
    folded = text.casefold()
    return ("what" in folded or "follows" in folded) and _INTRO.search(text) is not None


def _subjects(text: str) -> list[tuple[str, int]]:
    """(the text before each reporting verb, back to the last stop or quote; the verb's end)."""
    found = []
    for m in _VERB.finditer(text):
        stops = [s.end() for s in _SUBJECT_STOP.finditer(text, 0, m.start())]
        found.append((text[stops[-1] if stops else 0 : m.start()], m.end()))
    return found


def _last_clause(text: str) -> str:
    """The part of ``text`` after its last clause boundary: the subject of a verb."""
    parts = re.split(r"[;:]|\bthat\b|\band\b(?=\s+[a-z])|\s[–—]\s", text)
    return parts[-1].strip(" ,") if parts else text


def _describe(phrase: str) -> str | None:
    """A described, unnamed source: "a source in the general staff", "one lawmaker with
    knowledge of military affairs" -> "lawmaker"."""
    described = _DETERMINERS.sub("", phrase.strip())
    described = _CUT.sub("", described).strip(" ,")
    words = described.split()
    if not words or len(words) > 8 or not any(w.isalpha() for w in words):
        return None
    if words[0].lower() in ("i", "we", "you", "there", "here", "which", "who", "what"):
        return None
    return described


def _stem(word: str) -> str:
    """A word without case, possessive or plural: "prosecutors'" -> "prosecutor"."""
    return re.sub(r"(?:['’]s?|s)$", "", word.lower().strip(",.")).removesuffix("s")

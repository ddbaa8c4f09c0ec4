"""English speech and attribution cues (language data for khabar.quotes).

English quotes are found on spaCy's dependency parse, so cues are lemmas:
a verb whose lemma is in CUE_VERBS heads an attribution, its subject is the
source and its clausal complement (or quotation, or object) the content.
The list follows the classes of attribution predicates in PARC/PolNeAR:
verbs of saying and writing, of reporting and showing evidence, of belief
and knowledge, of wanting and expecting, and of stance (praise, criticize,
support).  Lemmas whose subject is rarely a source in news text (make, have,
go, take) are left out.  CUE_NOUNS are nouns that carry an attribution with
a clausal or "of/for/about" complement ("the claim that", "his support for").
"""

# Verbs of saying, writing and asking.
_SAYING = """
say tell add ask write note tweet post state declare announce reply respond answer
explain describe mention remark comment quote recount recall repeat reiterate echo
insist argue claim contend assert allege charge complain lament protest
warn caution threaten urge plead demand request call order instruct recommend
propose suggest hint imply signal indicate stress emphasize emphasise underscore highlight
point acknowledge admit concede confess confirm deny dispute reject dismiss rebut
counter retort quip joke boast brag predict forecast estimate project promise pledge
vow swear assure reassure guarantee inform notify remind testify disclose reveal
report publish release issue circulate leak broadcast shout chant yell scream
cry whisper mutter exclaim proclaim tout trumpet preach lecture brief summarize
conclude observe remark rule decide determine announce characterize label dub term
""".split()

# Verbs of knowing, believing, perceiving and showing.
_BELIEF = """
think believe feel know learn understand realize realise recognize recognise
suspect doubt guess assume presume suppose reckon figure imagine consider regard
deem view see find discover conclude judge show reveal
suggest indicate confirm estimate expect anticipate fear worry hope wish want
prefer intend plan aim seek agree disagree
""".split()

# Verbs of stance towards a person or a proposal.
_STANCE = """
support back endorse favor favour oppose criticize criticise condemn denounce
decry blast slam attack accuse blame praise applaud welcome hail commend thank
defend champion advocate tout question challenge doubt mock ridicule deride
dismiss reject refuse decline embrace approve veto vote
""".split()

# Verbs of talking about, referring to and addressing a topic.
_TOPIC = """
continue refer allude cite talk speak discuss mention focus name list
portray identify offer express share question push press encourage
persuade wonder congratulate apologize remember ignore like love hate seem appear
""".split()

CUE_VERBS: frozenset[str] = frozenset(_SAYING + _BELIEF + _STANCE + _TOPIC)

# Verbs of seeming: the writer's impression of the subject, so no speaker;
# the subject belongs to the content ("Trump seemed to enjoy it").
NO_SOURCE_VERBS: frozenset[str] = frozenset({"seem", "appear", "look", "sound"})

# Psych verbs whose passive subject is the one holding the attitude
# ("voters are convinced that …", "she was worried about …").
PSYCH_VERBS: frozenset[str] = frozenset("""
convince worry concern delight disappoint frustrate anger surprise alarm trouble
satisfy please impress outrage encourage persuade shock upset excite
""".split())

# Adjectives of stance after a copula ("X is skeptical of …").
CUE_ADJECTIVES: frozenset[str] = frozenset("""
concerned worried skeptical sceptical confident convinced optimistic pessimistic
critical supportive opposed appreciative eager sure certain aware happy unhappy
angry upset vocal hopeful afraid proud delighted frustrated doubtful wary
adamant insistent clear keen reluctant determined
""".split())

# Nouns that head an attribution ("his claim that …", "support for …").
CUE_NOUNS: frozenset[str] = frozenset("""
statement claim assertion argument allegation accusation warning promise pledge
suggestion belief view opinion support endorsement praise
announcement remark comment testimony prediction estimate call question attack
decision complaint plan demand fear report criticism
""".split())

# Two-word prepositional cues whose object is the source ("according to X").
ACCORDING_TO: tuple[str, ...] = ("according to",)

# Personal pronouns that can stand for a speaker (resolved to an earlier actor);
# PERSONAL_PRONOUNS refer to people only.
PRONOUNS: frozenset[str] = frozenset(
    "he she they it him her them his its their we i you who".split())
PERSONAL_PRONOUNS: frozenset[str] = frozenset("he she him her his i".split())

# Complementizers that open reported content ("said that …").
COMPLEMENTIZERS: tuple[str, ...] = ("that",)

# Opening -> closing quotation marks used in English text, including the
# doubled apostrophes and backticks of some wire and archive texts.  Single
# quotes are left out: the closing one is also the apostrophe.
QUOTE_PAIRS: dict[str, str] = {
    "\u201c": "\u201d", '"': '"', "''": "''", "``": "''", "\u00ab": "\u00bb",
    "\u2039": "\u203a", "\u201e": "\u201c",
}

# Irregular forms of cue words, form -> lemma (regular forms are derived in
# code: -s, -es, -ed, -d, -ing, -ies, -ied, doubled final consonant).
IRREGULAR_FORMS: dict[str, str] = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
    "felt": "feel", "knew": "know", "known": "know", "saw": "see", "seen": "see",
    "found": "find", "sought": "seek", "swore": "swear", "sworn": "swear", "shown": "show",
    "spoke": "speak", "spoken": "speak", "understood": "understand", "taught": "teach",
    "forecast": "forecast", "broadcast": "broadcast", "learnt": "learn", "dealt": "deal",
    "beliefs": "belief", "criticisms": "criticism",
}

# Forms of "to be" (a copula before a stance adjective).
COPULA: frozenset[str] = frozenset(
    "be is are was were been being am 's 're 'm \u2019s \u2019re \u2019m".split())

# Line openers followed by a colon that are not speakers ("UPDATE: …").
NOT_SPEAKER_LABELS: frozenset[str] = frozenset({
    "update", "updated", "editor's note", "editor\u2019s note", "note", "correction",
    "clarification", "watch", "read more", "related", "photo", "video", "source", "sources",
    "breaking", "exclusive", "analysis", "opinion", "q", "a", "question", "answer", "the latest",
})

# Subjects that are not sources: generic "you" ("you know", "you see") and
# interrogative "what"; a cue with such a subject is not an attribution.
NON_SPEAKERS: frozenset[str] = frozenset({"you", "what", "that"})

# A statement or message as the speaker ("the statement said"): its issuer is
# the earlier speaker whose words came in a statement, else the previous one.
DOCUMENTS: frozenset[str] = frozenset("statement communique communiqué message letter".split())
# Words that make a statement speaker refer back to an earlier one ("the
# statement"; Arabic: the article ال on the noun).
DOCUMENT_DETERMINERS: frozenset[str] = frozenset("the this that".split())

# Role nouns a speaker may be referred back to by ("the minister said"),
# beyond the titles of khabar.lang.en.titles.
ROLE_WORDS: tuple[str, ...] = tuple("""
minister official secretary senator governor candidate nominee chairman chairwoman chair
chief mayor lawmaker diplomat ministry agency department government company group
president spokesman spokeswoman spokesperson prime director general
""".split())
# The role words above that name an organization, not a person ("the
# ministry said"): they refer back to an organization only.
ORG_ROLE_WORDS: frozenset[str] = frozenset("ministry agency department government company group".split())

# Subjects may not be dropped in English: a cue without a speaker is passive
# or agentless ("is expected to"), not a continuation of the last speaker.
PRO_DROP = False

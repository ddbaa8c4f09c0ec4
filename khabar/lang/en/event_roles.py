"""English function words that mark an actor's role around an event trigger.

WITH/TO mark the second party ("a phone call with …", "a message to …",
"sanctions on/against …"); AT a place ("in Almaty").
"""

WITH = ("with", "between")
# "between X and Y": both are parties of a joint event.
BETWEEN = ("between",)
TO = ("to", "on", "against", "toward", "towards", "for")
AT = ("in", "at", "near", "across", "throughout")
PROCLITIC_TO = ()
AND = ("and", "&")
# Words that may open a title after "and" ("Shoukry and the Turkish foreign
# minister Çavuşoğlu held talks").
TITLE_DETERMINERS = ("the", "his", "her", "its", "their")

# A circumstance phrase before a trigger makes the event a backdrop of the
# sentence ("Washington urged calm amid the protests"): the subject of the
# sentence's verb is not the event's source.
CIRCUMSTANCE = ("amid", "amidst", "after", "following", "during", "over", "despite",
                "in the wake of", "because of", "due to", "about", "regarding", "concerning")

# Words that open a new clause: an unmarked actor past one belongs to
# another predicate ("a pledge made as Washington questioned …").
CLAUSE_OPENERS = ("which", "who", "whom", "whose", "while", "when", "whereas", "where", "because",
                  "although", "though", "as", "after", "before", "since", "until")

# The agent of a passive or of a noun ("Kyiv was attacked by Russia",
# "protests organized by the opposition"): the source, wherever it stands.
BY = ("by",)

# "X received a message from Y": for these types a party right after the
# trigger and "from" sent it, and the receiver is the target.
FROM = ("from",)
FROM_TYPES = ("CONSULT", "SUPPORT")

# Reported speech: an event told inside what someone said ("X said that
# protests broke out …") has its parties inside the reported clause, not in
# the speaker.  These words, opening the clause right before the trigger,
# refer back to the speaker ("X said he had met …", "“We reject …”"), who
# then stays the source.  COMPLEMENTIZERS open the clause and are skipped.
COMPLEMENTIZERS = ("that",)
SELF_REFERENCE = ("he", "she", "they", "we", "i", "it")
# A trigger that is a participle opening a clause after a comma ("…,
# calling for sanctions") goes on with the speaker's own words: the speaker
# stays its source.
CONTINUING_PARTICIPLE = r"^[a-z]{3,}ing$"

# Nouns of acts done to someone or somewhere: the name after "of" is the
# patient, the target ("the arrest of X"), and so is a possessor right
# before the noun ("X's arrest").
PATIENT_NOUNS = ("arrest", "arrests", "detention", "killing", "assassination", "murder", "kidnapping",
                 "abduction", "execution", "deportation", "expulsion", "release", "imprisonment",
                 "storming", "occupation", "siege", "bombing", "shelling", "targeting", "trial",
                 "capture", "jailing", "sentencing", "prosecution")
PATIENT_OF = ("of",)
PATIENT_REACH = 3

# A trigger right after a form of "be" or "get" (one adverb may stand
# between) is a passive: its subject is the patient, the target ("Navalny was
# arrested"); the agent, if any, follows "by".
PASSIVE_AUX = ("was", "were", "been", "being", "is", "are", "be", "got", "get", "gets", "getting")
# The trigger must look like a participle: ending in -ed or -en, or one of
# these ("there were clashes" is no passive).
IRREGULAR_PARTICIPLES = ("shot", "hit", "held", "struck", "caught", "hurt", "slain", "sent", "kept",
                         "bound", "fought", "led", "met", "told", "sought")

# Words that count people: before a generic agent ("dozens of protesters",
# "nine rebels") they make it people acted on, never the source
# (khabar.events.agent_mentions).
COUNT_WORDS = ("thousands", "hundreds", "dozens", "scores", "several", "some", "many", "few",
               "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
               "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "thousand")

# "of" between a count or a body and what it belongs to ("dozens of
# protesters", "the police of Nigeria").
OF_WORDS = ("of",)

"""Persian function words that mark an actor's role around an event trigger.

WITH/TO mark the second party ("گفتگوی تلفنی با …", "پیامی به …"); AT a
place ("در قزاقستان").  Persian is verb-final, so these prepositions sit
before the party they mark and the trigger verb comes last.
"""

WITH = ("با", "میان", "بین")
TO = ("به", "برای", "علیه")
AT = ("در", "درون", "داخل", "شهر")
PROCLITIC_TO = ()
AND = ("و",)

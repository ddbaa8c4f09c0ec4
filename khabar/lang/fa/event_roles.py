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

# A circumstance phrase before a trigger makes the event a backdrop of the
# sentence ("در پی اعتراضات در قزاقستان …"): the subject of the sentence's
# verb is not the event's source.
CIRCUMSTANCE = ("در پی", "درپی", "پس از", "بعد از", "به دنبال", "بدنبال", "در جریان", "طی",
                "در خلال", "در بحبوحه", "به دلیل", "بدلیل", "به علت", "درباره", "در مورد",
                "پیرامون", "در واکنش به")

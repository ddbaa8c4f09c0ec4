"""Russian function words that mark an actor's role around an event trigger.

WITH and TO mark the second party ("телефонный разговор с …", "послание
к …", "санкции против …"); AT a place ("в Алма-Ате").  Russian also marks
the target by case alone ("направил послание президенту"): such an actor is
unmarked here and taken as the next unmarked actor after the trigger.
"""

WITH = ("с", "со", "между")
# "between X and Y": both are parties of a joint event.
BETWEEN = ("между",)
TO = ("к", "ко", "против", "в адрес", "для", "по отношению к")
AT = ("в", "во", "под", "около", "возле")
PROCLITIC_TO = ()
AND = ("и",)

# A circumstance phrase before a trigger makes the event a backdrop of the
# sentence ("на фоне протестов"): the subject of the sentence's verb is not
# the event's source.
CIRCUMSTANCE = ("на фоне", "после", "в ходе", "из-за", "во время", "в связи с", "по поводу",
                "вследствие", "несмотря на")

# Words that open a new clause: an unmarked actor past one belongs to
# another predicate.
CLAUSE_OPENERS = ("который", "которая", "которое", "которые", "которого", "которой", "которых",
                  "которым", "где", "когда", "пока", "хотя", "потому", "поскольку", "что", "чтобы",
                  "после", "перед")

# The agent of a noun ("нападение со стороны …"); the passive agent is an
# instrumental without a preposition and is not seen.
BY = ("со стороны",)

# "X получил послание от Y": the sender is the source.
FROM = ("от",)
FROM_TYPES = ("CONSULT", "SUPPORT")

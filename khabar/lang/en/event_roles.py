"""English function words that mark an actor's role around an event trigger.

WITH/TO mark the second party ("a phone call with …", "a message to …",
"sanctions on/against …"); AT a place ("in Almaty").
"""

WITH = ("with", "between")
TO = ("to", "on", "against", "toward", "towards", "for")
AT = ("in", "at", "near", "across", "throughout")
PROCLITIC_TO = ()
AND = ("and", "&")

# A circumstance phrase before a trigger makes the event a backdrop of the
# sentence ("Washington urged calm amid the protests"): the subject of the
# sentence's verb is not the event's source.
CIRCUMSTANCE = ("amid", "amidst", "after", "following", "during", "over", "despite",
                "in the wake of", "because of", "due to", "about", "regarding", "concerning")

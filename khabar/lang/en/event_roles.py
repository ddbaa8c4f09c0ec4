"""English function words that mark an actor's role around an event trigger.

WITH/TO mark the second party ("a phone call with …", "a message to …",
"sanctions on/against …"); AT a place ("in Almaty").
"""

WITH = ("with", "between")
TO = ("to", "on", "against", "toward", "towards", "for")
AT = ("in", "at", "near", "across", "throughout")
PROCLITIC_TO = ()
AND = ("and", "&")

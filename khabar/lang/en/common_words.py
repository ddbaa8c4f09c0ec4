"""English words that a person's name can spell.  Data only."""

# Function words, modal verbs and pronouns.  A word of a person's name that
# is one of these (Theresa May, Will Smith: the key is lower case, so "may"
# and "will" in running text look the same) is never taken alone as a short
# reference to that person (khabar.actors._name_parts).
FUNCTION_WORDS = frozenset("""
the a an of to in on at by for with from as and or but not no nor so if then than that this
these those who whom whose which what when where why how is are was were be been being has have
had do does did will would may might can could shall should must he she it they we you i his
her its their our your my him them us me said says also new one two all any some more most
""".split())

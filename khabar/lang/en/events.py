"""English PLOVER event triggers and their negation / hypothetical markers.

Data only, read by :mod:`khabar.event_detect` (pattern syntax there).  The
matching key lower-cases and turns punctuation into word breaks, so
``didn't`` is the two words ``didn t`` and ``sit-in`` is ``sit in``.

Coding choices follow the Arabic module (khabar/lang/ar/events.py):
resignation is CONCEDE ``resign``; release, ceasefire, withdrawal and lifting
sanctions or a curfew are RETREAT; signing, praise and apology are SUPPORT;
"strike" alone is weak PROTEST (air strikes and strikers in sport are not
protests; "air strike" is ASSAULT, the longer pattern wins); "march" alone
is the month (only "marched"/"marches" count); words such as "attack" in
"heart attack" or "protest" in "Protestant" are listed as not events.
"""

TRIGGERS = {
    "AGREE": {
        "": ["agreed to", "agrees to", "agree to", "pledged*", "pledges", "promised to",
             "committed to", "reached an agreement", "reached agreement", "reached a deal",
             "struck a deal", "accepted*", "offered to", "ready to"],
    },
    "CONSULT": {
        "phone": ["phone call*", "telephone call*", "phone conversation*", "phoned",
                  "telephoned", "by phone", "by telephone", "spoke by*", "call with",
                  "held a call", "video call*", "videoconference*"],
        "visit": ["visit", "visits", "visited", "visiting", "arrived in", "trip to", "tour of", "toured", "travelled to",
                  "traveled to"],
        "host": ["hosted", "hosts", "hosting", "received ... delegation", "welcomed ... to"],
        "meet": ["met", "meet", "meets", "meeting*", "talks", "held talks", "discuss*",
                 "consulted", "consults", "consultation*", "summit*", "conferred", "?conference"],
        "message": ["message*", "letter to", "sent a letter", "cable to", "congratulatory",
                    "condolence*"],
        "negotiate": ["negotiat*", "mediat*"],
    },
    "SUPPORT": {
        "": ["praised", "praises", "praise", "commended", "hailed", "welcomed", "welcomes",
             "endorsed", "endorses", "backed", "backs", "supported", "supports",
             "expressed support", "solidarity", "apologi*", "congratulat*", "signed",
             "signs", "signing", "memorandum of understanding", "recognized", "recognised",
             "?support"],
    },
    "CONCEDE": {
        "resign": ["resign*", "stepped down", "steps down", "step down", "stepping down"],
        "": ["backed down", "conceded", "concession*", "gave in", "yielded", "amnesty",
             "eased restrictions", "lifted restrictions", "relaxed restrictions"],
    },
    "COOPERATE": {
        "economic": ["economic cooperation", "trade deal", "trade agreement", "joint venture"],
        "military": ["military cooperation", "defence cooperation", "defense cooperation",
                     "security cooperation", "joint exercise*", "joint military", "joint drills"],
        "legal": ["extradit*", "judicial cooperation", "legal cooperation"],
        "intelligence": ["shared intelligence", "intelligence sharing", "share intelligence",
                         "exchange of information"],
        "": ["cooperat*", "co operat*", "collaborat*", "partnership", "worked together",
             "work together"],
    },
    "AID": {
        "economic": ["financial aid", "economic aid", "financial assistance", "loan*",
                     "grant of", "bailout", "budget support"],
        "humanitarian": ["humanitarian aid", "humanitarian assistance", "relief supplies",
                         "aid convoy*", "food aid", "medical supplies", "relief aid",
                         "emergency aid"],
        "military": ["military aid", "military assistance", "arms sale*", "weapons deliver*",
                     "supplied weapons", "supply weapons", "arms shipment*"],
        "peacekeeping": ["peacekeeping force*", "peacekeepers", "?peacekeeping"],
        "asylum": ["asylum", "granted refuge"],
        "": ["aid", "donated", "donat*", "assistance to", "?assistance", "?helped"],
    },
    "RETREAT": {
        "release": ["released", "releases", "release of", "freed", "frees", "set free",
                    "prisoner swap", "prisoner exchange"],
        "withdraw": ["withdrew", "withdraw*", "pulled out", "pull out", "pullout", "pulled back",
                     "retreat*"],
        "ceasefire": ["ceasefire*", "cease fire", "truce", "armistice", "halt hostilities",
                      "stop the fighting"],
        "disarm": ["disarm*", "demobili*", "surrender*", "laid down their arms",
                   "lay down their arms", "decommission*"],
        "ease": ["lifted the curfew", "lifted a curfew", "lifted sanctions", "eased sanctions",
                 "lift sanctions", "lifted the state of emergency", "ended the state of emergency",
                 "lifted the blockade", "eased the blockade"],
        "access": ["allowed inspectors", "allowed access", "granted access", "opened the crossing",
                   "reopened the border", "let aid"],
    },
    "REQUEST": {
        "": ["called for", "calls for", "call for", "urged", "urges", "urge", "demanded",
             "?demands", "?demand", "appealed", "appeals to", "requested", "requests", "?asked",
             "pressed for", "pressed ... to"],
    },
    "ACCUSE": {
        "disapprove": ["accused", "accuses", "accuse", "accusation*", "blamed", "blames",
                       "condemned", "condemns", "condemnation", "denounced", "denounces",
                       "criticized", "criticised", "criticizes", "criticises", "criticism",
                       "censured", "complained", "complaint", "lawsuit", "sued", "charged with",
                       "summoned ... ambassador", "summoned the", "found guilty", "convicted"],
        "investigate": ["investigat*", "inquiry into", "probe into", "launched a probe",
                        "fact finding"],
    },
    "REJECT": {
        "": ["rejected", "rejects", "reject", "rejection", "refused", "refuses", "refuse",
             "vetoed", "veto", "turned down", "dismissed ... proposal", "defied", "defies"],
    },
    "THREATEN": {
        "": ["threat*", "warned of", "ultimatum", "vowed to retaliate", "vowed revenge",
             "?warned", "?warns"],
    },
    "PROTEST": {
        "demo": ["protest", "protests", "protested", "protesting", "demonstration*",
                 "demonstrated against", "held a rally", "?rally", "?rallies", "marched", "marches",
                 "took to the streets", "took to the street", "take to the streets",
                 "civil disobedience", "?protester*", "?protestor*", "?demonstrator*",
                 "?chanted", "?chanting", "?slogans", "?placards", "?uprising", "?revolution",
                 "?crowd*"],
        "sit-in": ["sit in*", "occupied the square", "encampment"],
        "strike": ["went on strike", "on strike", "general strike", "strikers", "walkout",
                   "walked out", "labour strike", "labor strike", "?strike", "?strikes"],
        "hunger": ["hunger strike*", "hunger striker*"],
        "boycott": ["boycott*"],
        "obstruct": ["blocked roads", "blocked the road", "blocked a road", "blockaded",
                     "roadblock*", "barricade*"],
        "riot": ["riot*", "?unrest", "?clashed with police", "burned tyres", "burned tires",
                 "burning tyres", "burning tires", "threw stones", "stone throwing", "looting"],
    },
    "SANCTION": {
        "withdraw": ["severed ties", "cut ties", "broke off relations", "broke off ties",
                     "recalled its ambassador", "recalled ... ambassador", "downgraded relations",
                     "suspended talks", "halted talks", "walked out of talks",
                     "suspended relations"],
        "discontinue": ["suspended aid", "cut aid", "halted aid", "froze aid", "stopped aid"],
        "expel": ["expelled ... diplomat*", "expelled ... ambassador", "expel ... diplomat*",
                  "persona non grata"],
        "restrict": ["sanction*", "embargo*", "trade ban", "export ban", "import ban",
                     "asset freeze", "froze assets", "frozen assets"],
    },
    "MOBILIZE": {
        "troops": ["deployed ... troops", "deploy ... troops", "deploys ... troops",
                   "deployment of ... troops", "deployed ... soldiers", "sent ... troops",
                   "send ... troops", "sends ... troops", "troop deployment*", "troop buildup",
                   "massed ... troops", "mobiliz*", "mobilis*", "reinforcements",
                   "put on alert", "high alert", "military exercise*", "military drill*",
                   "called up reservists", "?deployed", "?deployment*", "?deploy"],
        "police": ["deployed ... police", "riot police were deployed", "security forces were deployed",
                   "police were deployed", "heavy police presence", "stepped up security",
                   "tightened security"],
    },
    "COERCE": {
        "arrest": ["arrest*", "detain*", "detention", "taken into custody", "in custody",
                   "jailed", "imprisoned", "sentenced", "rounded up", "apprehended",
                   "?raid", "?raids", "?raided"],
        "curfew": ["curfew*"],
        "martial-law": ["state of emergency", "martial law", "emergency rule"],
        "deport": ["deport*", "expelled", "expulsion", "exiled", "banished"],
        "confiscate": ["confiscat*", "seized", "seize", "seizure", "expropriat*", "?occupied",
                       "annex*"],
        "ban": ["banned", "bans", "outlawed", "dissolved the party", "shut down ... newspaper",
                "blocked access", "censor*", "?ban"],
        "restrict": ["blockade", "siege", "besieged", "restrictions on", "closed the border",
                     "sealed off", "lockdown"],
    },
    "ASSAULT": {
        "kill": ["killed", "killing*", "kills", "kill", "slain", "murder*", "massacre*",
                 "slaughter*", "death toll", "lynched", "beheaded", "?executed", "?execution*",
                 "?dead", "?died", "?deaths", "?bodies", "?casualties"],
        "assassinate": ["assassinat*"],
        "explosives": ["bomb*", "explosion*", "exploded", "explosive device*", "blast*",
                       "detonated", "ied", "ieds", "car bomb*", "roadside bomb*", "landmine*",
                       "grenade*", "?explosives"],
        "suicide-attack": ["suicide bomb*", "suicide attack*", "blew himself up",
                           "blew herself up", "blew themselves up", "suicide vest*"],
        "": ["attack*", "assault*", "ambush*", "stormed", "?violence", "?militants",
             "?gunmen", "?insurgents", "?armed men"],
        "firearms": ["shot", "shooting*", "shot dead", "gunfire", "gunshot*", "opened fire",
                     "fired on", "fired at", "sniper*", "gun battle*", "firefight*",
                     "?clashes", "?clashed", "?fighting", "?fought"],
        "heavy-weapons": ["shelled", "shelling", "airstrike*", "air strike*", "air raid*",
                          "bombard*", "artillery fire", "mortar*", "rocket fire", "fired rockets",
                          "fired missiles", "missile strike*", "drone strike*", "?missile*",
                          "?rocket*", "?drone*", "?shells"],
        "abduct": ["kidnap*", "abduct*", "hijack*", "hostage taking", "took hostage",
                   "taken hostage", "held hostage", "?hostage*"],
        "beat": ["beaten", "beat up", "beating*", "stabbed", "stabbing*", "assaulted"],
        "torture": ["tortur*"],
        "sexual": ["raped", "rape", "rapes", "sexual assault*", "sexually assaulted",
                   "sexual violence"],
        "destroy": ["destroyed", "set fire to", "set on fire", "torched", "burned down",
                    "razed", "demolished", "vandali*", "arson"],
        "cleansing": ["ethnic cleansing", "genocide"],
        "unconventional": ["chemical weapon*", "chemical attack*", "poison gas", "nerve agent",
                           "sarin"],
    },
}

# Names and idioms that contain a trigger.
NOT_EVENTS = [
    "heart attack", "panic attack", "asthma attack", "protestant*", "shot put", "shot glass",
    "mug shot", "big shot", "long shot", "photo shoot", "meeting point", "riot police",
    "riot gear", "cardiac arrest",
    "sanctioned by", "killer app", "bomb squad", "visit our", "visit the website",
    "visit www", "message board", "aid worker*", "hearing aid*", "first aid", "aid agency",
    "aid agencies", "press release", "news release", "released ... album", "released ... film",
    "released ... report", "released ... statement", "released ... data", "released ... figures",
    "released ... video", "released ... single",
    # A statement that was released; a danger to stability or lives ("fighting
    # threatens the stability of the region") rather than a threat made.
    "statement released", "statements released", "report released", "data released",
    "figures released", "video released", "threaten* ... stability", "threaten* ... security of",
    "threaten* national security", "threaten* regional security", "threaten* ... lives", "threaten* ... peace", "poses a threat", "pose a threat",
    "posed a threat", "posing a threat", "under threat", "life threatening",
    # The public visiting an exhibition or a site: no meeting of parties.
    "open to visitors", "open to the public", "visitors to the", "visit the exhibition",
]

# Generic agents: the police, troops, protesters … named by a common noun
# rather than a name.  They take part in events as parties of their own
# (khabar.events: "Nigerian police arrested 64 protesters" is police →
# protesters), with the country named next to them.  Kinds:
# khabar.event_detect.AGENT_KINDS.
AGENTS = {
    "police": ["police", "policemen", "police officers", "riot police"],
    "security": ["security forces", "security personnel", "security services"],
    "military": ["army", "troops", "soldiers", "military", "armed forces"],
    "protesters": ["protesters", "protestors", "demonstrators", "strikers", "rioters"],
    "militants": ["militants", "gunmen", "insurgents", "rebels", "terrorists", "armed men",
                  "jihadists", "extremists"],
    "civilians": ["civilians"],
    "government": ["government", "authorities"],
}

# Sports vocabulary (khabar.event_detect.sports_report): an article using at
# least SPORTS_MIN_TERMS distinct entries, in enough of its sentences
# (SPORTS_MIN_SENTENCES, SPORTS_MIN_SHARE), is a sports report, where "hosts",
# "met", "beat" and "attack" are not events. Words with a common sense outside
# sport are left out: goal, league (Arab League), striker, coach (a bus),
# squad, marathon (talks); and the Olympics, the World Cup, FIFA and medals,
# which political news names too (a boycott of the Games, a state decoration).
SPORTS = [
    "match", "matches", "football*", "soccer", "volleyball", "basketball", "handball", "tennis",
    "rugby", "hockey", "cricket*", "golf*", "premier league", "champions league",
    "league title", "league match*", "league season", "tournament*", "championship*",
    "cup final", "cup match", "goalkeeper*", "midfielder*", "head coach",
    "stadium*", "scored", "semi final*", "semifinal*", "quarter final*", "quarterfinal*",
    "penalty shootout", "penalty kick",
    "free kick", "half time", "halftime", "kick off", "hat trick", "set point", "match point",
    "grand slam", "playoff*", "play off*", "teammate*", "fixture*", "derby", "referee*",
    "athlete*", "sportsman", "sportsmen", "boxing", "wrestling", "transfer window",
]

# Causes of death that are no one's act: a killing word near one of these
# (within NATURAL_REACH words, in the same sentence) with no other kind of
# assault word reports a disaster, an accident or a disease, not ASSAULT
# ("a strong quake killed at least 12").  "storm*" is not a stem here:
# "stormed" is an assault; "epidemic" is left out, as it is said of
# violence too ("an epidemic of killings"), and so are "fire" ("troops
# open fire, killing five") and a bare "collapse" (of a truce).
NATURAL_CAUSES = [
    "earthquake*", "quake*", "tremor*", "aftershock*", "flood*", "flash flood*", "storm",
    "storms", "snowstorm*", "sandstorm*", "rainstorm*", "hurricane*", "typhoon*", "cyclone*",
    "tornado*", "landslide*", "mudslide*", "avalanche*", "tsunami*", "heatwave*", "heat wave*",
    "wildfire*", "bushfire*", "blaze*", "crash", "crashed", "crashes",
    "accident*", "collision*", "collided", "derail*", "capsiz*", "sank", "drown*",
    "building collapse*", "bridge collapse*", "mine collapse*", "collapsed building*",
    "lightning", "heavy rain*", "disease*", "pandemic*", "outbreak*",
    "virus*", "coronavirus*", "covid*", "cholera", "illness*", "cancer", "natural causes",
    "poisoning",
]
NATURAL_REACH = 20

# Markers before an event: how many words they reach (0 = the next word).
NEGATION = {
    "not": 3, "never": 3, "no": 1, "t": 3, "without": 2, "neither": 3, "nor": 2,
    "denied": 4, "denies": 4, "deny": 4, "denying": 4, "failed to": 2, "fails to": 2,
    "foiled": 3, "thwarted": 3, "averted": 3, "prevented": 3, "no longer": 2,
    "called off": 3, "cancelled": 3, "canceled": 3, "postponed": 3,
}
HYPOTHETICAL = {
    "would": 3, "could": 3, "may": 3, "might": 3, "if": 5, "unless": 5, "will": 3, "shall": 3,
    "should": 3, "threatened to": 3, "threatens to": 3, "threaten to": 3, "vowed to": 3,
    "vows to": 3, "plans to": 3, "plan to": 3, "planned": 3, "planning": 3, "intends to": 3,
    "intend to": 3, "possible": 3, "possibility": 3, "likely": 3, "expected to": 3,
    "called for": 3, "calls for": 3, "call for": 3, "urged": 4, "demanded": 3, "demanding": 3,
    "proposed": 3, "risk of": 3, "fears of": 3, "feared": 3, "warned": 4, "ready to": 3,
    "prepared to": 3, "need for": 3, "necessity of": 3, "wants to": 3, "want to": 3, "seeking to": 3, "sought to": 3,
    "going to": 2, "scheduled": 3, "to be held": 2, "upcoming": 2, "forthcoming": 2,
    # "next" only right before the event ("the next summit"): "the next day,
    # police arrested …" tells the past.
    "next": 0,
    # "any": a non-specific event ("rejects any attempt to stir unrest").
    "any": 3, "attempt to": 3, "attempts to": 3,
}
# After the event noun: "the meeting will be held", "talks are scheduled".
HYPOTHETICAL_AFTER = {
    "will be held": 2, "will take place": 2, "is to be held": 2, "are to be held": 2,
    "is scheduled": 2, "are scheduled": 2, "is planned": 2, "are planned": 2,
}

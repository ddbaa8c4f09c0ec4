"""English site chrome and agency footers (language data for khabar.clean)."""

END_MARKERS = [
    r"[-–—#]*\s*(END|ENDS)\s*[-–—#]*",
]

FOOTERS = [
    r"\(?\s*(Reporting|Writing|Additional reporting) by .{0,200}",
    r"(Editing|Edited) by .{0,120}",
    r"(Read more|Read also|See also|Related)\s*[:：].{0,160}",
    r"(Follow us on|Sign up for|Subscribe to) .{0,160}",
    r"(Copyright|©).{0,160}",
    r"All rights reserved\.?.{0,80}",
    r"(Tags|Topics)\s*[:：].{0,160}",
    r"(Share|Share this) (article|story|on .{0,40})\.?",
    r"Our Standards\s*[:：].{0,120}",
]

# Words that name a news medium (see khabar.lang.ar.chrome.MEDIA_WORDS).
MEDIA_WORDS = ["news", "agency", "press", "times", "post", "wire", "herald", "daily", "tribune",
               "journal", "gazette", "radio", "tv", "television", "observer", "ledger", "telegraph",
               "correspondent"]

BYLINES = [r"(By|From|Written by|Reporting by)\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,4}(,.{0,40})?",
           r"[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}\s*[|,]\s*(Staff|Correspondent|Reporter).{0,40}"]

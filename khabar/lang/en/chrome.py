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

"""Write a FICTIONAL 287(g) agreement in two versions: samples/{old,new}.{pdf,docx,txt}.

    .venv/bin/python -m samples.make_samples

The agency, people, addresses and telephone numbers are invented; the text
is written in the style of a 287(g) Jail Enforcement Model MOA, not copied
from one. The new version carries template-like changes (listed in
``CHANGES`` and in samples/README.md) and is laid out differently (font,
margins, footer with a revision date), so its page breaks differ from the
old one's. Running the script again rewrites byte-identical files.
"""

from __future__ import annotations

import copy
from pathlib import Path

from benchmarks.docwriter import Agreement, Clause, Layout, write_docx, write_pdf, write_txt

HERE = Path(__file__).resolve().parent

AGENCY = "Riverside County Sheriff's Office"

#: What changed from old to new, for people and golden tests.
CHANGES = [
    "IV.E COSTS AND EXPENDITURES moved after IV.G (it becomes IV.G; old F and G become E and F)",
    "IV.C: minimum examination score 70-percent -> 75-percent (three times)",
    "IV.C: 'not more frequently every two years' -> 'not more frequently than every two years'",
    "V.C COMMUNITY OUTREACH deleted (old V.D becomes V.C)",
    "VIII: sentence inserted: 'ICE reserves the right to conduct an internal review of this MOA every three years.'",
    "VIII: '90-day notice' -> '60-day notice'",
    ("APPENDIX B: complaint e-mail JointIntake@cbp.dhs.gov -> ICEOPRIntake@ice.dhs.gov "
     "('through the Joint Intake Center' dropped)"),
    "APPENDIX C: the cross-reference 'Section V(D)' -> 'Section V(C)' (follows the renumbering)",
]


def sub(label: str, title: str, *paragraphs: str) -> Clause:
    return Clause(label, title, list(paragraphs), level=1)


def sec(label: str, title: str, *paragraphs: str) -> Clause:
    return Clause(label, title, list(paragraphs), level=0)


def old_agreement() -> Agreement:
    a = AGENCY
    clauses = [
        sec(
            "I.", "PARTIES",
            "This Memorandum of Agreement (MOA) is entered into by U.S. Immigration and Customs "
            f"Enforcement (ICE), a component of the Department of Homeland Security (DHS), and the {a}, "
            "hereinafter the law enforcement agency (LEA). Under this MOA, ICE delegates to nominated, "
            "trained, certified, and authorized LEA personnel the authority to perform certain "
            "immigration enforcement functions described herein. Both parties enter into this MOA in "
            "good faith and agree to abide by its terms and conditions.",
        ),
        sec(
            "II.", "PURPOSE",
            "The purpose of this collaboration is to improve public safety by focusing resources on "
            "identifying and processing removable aliens who are arrested and booked into the LEA's "
            "jail and correctional facilities. This MOA sets out the terms under which selected LEA "
            "personnel (participating LEA personnel) will be nominated, trained, and approved by ICE to "
            "perform limited functions of an immigration officer within those facilities.",
            "Nothing in this MOA limits the jurisdiction and powers that participating LEA personnel "
            "ordinarily hold as members of the LEA. The immigration enforcement authority delegated "
            "under this MOA, however, may be exercised only as this MOA provides.",
        ),
        sec(
            "III.", "AUTHORITY",
            "Section 287(g) of the Immigration and Nationality Act (INA), 8 U.S.C. \u00a7 1357(g), "
            "authorizes the Secretary of Homeland Security to enter into written agreements with a State "
            "or a political subdivision of a State so that qualified personnel may perform certain "
            "functions of an immigration officer. The Secretary has delegated that authority to ICE, and "
            "this MOA is such a written agreement.",
        ),
        sec(
            "IV.", "RESPONSIBILITIES",
            "ICE keeps sole discretion over how it manages its limited resources and meets its mission "
            "requirements. ICE will take custody of an alien only after that person has been released "
            "from LEA custody.",
        ),
        sub(
            "A.", "DESIGNATION OF AUTHORIZED FUNCTIONS",
            "Approved participating LEA personnel may perform only those immigration officer functions "
            "listed in the Standard Operating Procedure (SOP) in Appendix A.",
        ),
        sub(
            "B.", "NOMINATION OF PERSONNEL",
            "The LEA will use due diligence to screen and nominate candidates for ICE training. Every "
            "candidate must be a United States citizen, must know and be able to enforce the laws that "
            "apply to the candidate's duties, and must have been trained in the security of LEA "
            "facilities.",
            "ICE will conduct a background investigation of each candidate before the candidate is "
            "authorized to perform duties under this MOA. If a candidate is not approved, the LEA may "
            "nominate a qualified substitute.",
        ),
        sub(
            "C.", "TRAINING OF PERSONNEL",
            "Before participating LEA personnel are authorized to perform immigration officer functions, "
            "they must complete delegation of authority training provided by ICE on the administrative, "
            "legal, and operational issues of the functions to be performed.",
            "ICE instructors will teach the training. Each LEA nominee must pass each examination with a "
            "minimum score of 70-percent to be certified. A nominee who fails to attain a 70-percent "
            "rating may review the material and take one remedial examination. Failure to achieve a "
            "70-percent rating on any two examinations will disqualify the nominee.",
            "Participating LEA personnel will complete refresher training as needed, but not more "
            "frequently every two years after the initial course. They will also complete any additional "
            "training that ICE requires.",
        ),
        sub(
            "D.", "CERTIFICATION AND AUTHORIZATION",
            "LEA personnel who complete the initial training are certified under this MOA. Upon receipt "
            "of the certification, the ICE Field Office Director (FOD) will give each certified officer a "
            "signed authorization letter and official immigration officer credentials, which remain the "
            "property of ICE.",
            "The FOD may revoke the authority of any participating LEA personnel at any time. The "
            "suspension or termination of this MOA under Section VIII revokes every authorization "
            "delegated under it.",
        ),
        sub(
            "E.", "COSTS AND EXPENDITURES",
            "ICE is responsible for installing and maintaining the information technology (IT) "
            "infrastructure that participating LEA personnel use. Each LEA site that uses ICE equipment "
            "will sign an Interconnection Security Agreement (ISA) before it is connected.",
            "The LEA is responsible for the salaries and benefits, including overtime, of its personnel "
            "while they are trained or perform duties under this MOA. ICE is responsible for the travel, "
            "lodging, and per diem costs of LEA personnel while they attend ICE training.",
        ),
        sub(
            "F.", "ICE SUPERVISION",
            "Immigration enforcement activities of participating LEA personnel will be supervised and "
            "directed by ICE. Participating LEA personnel may not perform immigration officer functions "
            "except under the supervision or direction of ICE.",
            "If a conflict arises between an order of an ICE officer and the LEA's rules or policies, the "
            "conflict shall be reported promptly to the points of contact in Section VII.",
        ),
        sub(
            "G.", "INTERPRETATION SERVICES",
            "Participating LEA personnel will give aliens with limited English proficiency the "
            "opportunity to request an interpreter. The LEA will provide qualified interpreters as needed "
            "and will keep a list of the interpreters it uses.",
        ),
        sub(
            "H.", "LIABILITY AND RESPONSIBILITY",
            "Except as otherwise provided by this MOA or by Federal law, the LEA is responsible for the "
            "costs of participating LEA personnel with regard to their property or personal expenses "
            "incurred by reason of death, injury, or incidents giving rise to liability.",
            "Participating LEA personnel are treated as Federal employees only for the purposes of the "
            "Federal Tort Claims Act and workers' compensation claims when they perform a function on "
            "behalf of ICE as authorized by this MOA.",
        ),
        sub(
            "I.", "CIVIL RIGHTS STANDARDS",
            "Participating LEA personnel are bound by all Federal civil rights statutes and regulations, "
            "including the Department of Justice guidance on the use of race, ethnicity, and national "
            "origin in law enforcement. The LEA will provide effective communication to individuals with "
            "disabilities.",
        ),
        sec("V.", "REPORTING AND DOCUMENTATION"),
        sub(
            "A.", "COMPLAINT PROCEDURES",
            "The procedure for reporting complaints about participating LEA personnel, including "
            "activities under the authority of this MOA, is set out in Appendix B.",
        ),
        sub(
            "B.", "COMMUNICATION",
            "The FOD, or the FOD's representative, and the LEA will meet at least once a year to review "
            "compliance with this MOA. The parties may meet in person or by teleconference. The first "
            "review meeting should take place within about twelve months of the MOA's operational date.",
        ),
        sub(
            "C.", "COMMUNITY OUTREACH",
            "The LEA, working with the local ICE Field Office, may take part in steering committee "
            "meetings to explain the 287(g) program to the community and to review compliance with this "
            "MOA.",
        ),
        sub(
            "D.", "RELEASE OF INFORMATION TO THIRD PARTIES",
            "The LEA may, at its discretion, describe the substance of this MOA to the media and to other "
            "parties who ask about it. ICE gives a copy of the signed MOA to media outlets on request, and "
            "the LEA may do the same.",
            "The LEA will coordinate with ICE before releasing any information exchanged under this MOA. "
            "The points of contact for releases to the media are listed in Appendix C.",
        ),
        sec(
            "VI.", "MODIFICATIONS TO THIS MOA",
            "Modifications to this MOA, including its appendices, must be proposed in writing and "
            "approved and signed by both parties.",
        ),
        sec(
            "VII.", "POINTS OF CONTACT",
            "The points of contact of ICE and the LEA for the purposes of this MOA are:",
            f"For the LEA: {a}, Sheriff",
            "For ICE: Field Office Director, Inland Valley Field Office",
        ),
        sec(
            "VIII.", "EFFECTIVE DATE, SUSPENSION, AND TERMINATION OF THIS MOA",
            "This MOA takes effect when both parties have signed it and stays in effect until either party "
            "suspends or terminates it. The LEA shall give notice of termination in writing to the local "
            "Field Office.",
            "Where serious misconduct or a violation of the terms of this MOA comes to the attention of "
            "ICE, the ICE Director may suspend the MOA at once while the matter is investigated. The "
            "notice of suspension will state the reasons for the suspension and its expected length.",
            "If ICE decides to move from suspension to termination, ICE will give the LEA a 90-day notice "
            "before the partnership ends. ICE will publish its decision to terminate an MOA on its website "
            "before the termination takes effect.",
            "This MOA does not create any right, substantive or procedural, enforceable at law by any "
            "person in any matter, civil or criminal. By signing this MOA, each party represents that it "
            "is fully authorized to enter into it.",
        ),
        Clause(
            "", "",
            [
                "For the LEA: ______________________________ Date: ____________",
                "Name: Dana R. Whitfield, Sheriff",
                "For ICE: ______________________________ Date: ____________",
                "Name: Morgan T. Ellery, Assistant Director, Enforcement and Removal Operations",
            ],
        ),
        Clause(
            "APPENDIX A", "STANDARD OPERATING PROCEDURE (SOP)",
            [
                ("This appendix sets out uniform procedures for carrying out and overseeing this MOA within "
                 "the area of responsibility of the FOD."),
                "Participating LEA personnel are delegated only the authorities listed below:",
                ("\u2022 The power and authority to interrogate any person detained in the LEA's detention "
                 "center whom the officer believes to be an alien about the person's right to be or remain "
                 "in the United States;"),
                ("\u2022 The power and authority to serve and execute warrants of arrest for immigration "
                 "violations on designated aliens in LEA facilities;"),
                "\u2022 The power and authority to administer oaths and to take and consider evidence; and",
                ("\u2022 The power and authority to prepare charging documents for the signature of an ICE "
                 "officer."),
                ("Participating LEA personnel must notify ICE of any immigration detainer issued under this "
                 "MOA as soon as possible, and no later than approximately 24 hours after it is issued."),
            ],
        ),
        Clause(
            "APPENDIX B", "COMPLAINT PROCEDURE",
            [
                ("The training, supervision, and performance of participating LEA personnel, and the "
                 "protection of the civil and constitutional rights of everyone they encounter, are to be "
                 "monitored. Part of that monitoring is done through the complaint procedure below."),
                ("If any participating LEA personnel are the subject of a complaint involving a violation "
                 "of this MOA, the LEA shall notify an ICE officer within 48 hours of receiving the "
                 "complaint. The ICE officer will ensure that the ICE Office of Professional Responsibility "
                 "(OPR) is notified through the Joint Intake Center at JointIntake@cbp.dhs.gov."),
                ("Complaint process posters will be displayed in English and Spanish in the processing "
                 "areas of the LEA."),
            ],
        ),
        Clause(
            "APPENDIX C", "PUBLIC INFORMATION POINTS OF CONTACT",
            [
                ("Under Section V(D) of this MOA, the signatories agree to coordinate the release of "
                 "information to the media about actions taken under this MOA. The points of contact are:"),
                ("For the LEA: Public Information Officer, Riverside County Sheriff's Office, 100 Example "
                 "Way, Riverside Junction, 555-0100"),
                ("For ICE: Office of Public Affairs, U.S. Immigration and Customs Enforcement, Washington, "
                 "DC 20536"),
            ],
        ),
    ]
    return Agreement(
        title_lines=["MEMORANDUM OF AGREEMENT", "287(g) Jail Enforcement Model"],
        clauses=clauses,
        agency=AGENCY,
    )


def _find(agreement: Agreement, parent: str, title: str) -> int:
    """Index of the clause titled ``title`` under the section titled ``parent``."""
    in_parent = False
    for i, c in enumerate(agreement.clauses):
        if c.level == 0:
            in_parent = c.title == parent
        if in_parent and c.title == title:
            return i
    raise KeyError(title)


def _relabel(agreement: Agreement, parent: str) -> None:
    """Letter the subsections of ``parent`` A., B., ... in their current order."""
    start = _find(agreement, parent, parent)
    for n, c in enumerate(agreement.clauses[start + 1 :]):
        if c.level == 0:
            break
        c.label = f"{chr(ord('A') + n)}."


def _replace(clause: Clause, old: str, new: str, count: int = 1) -> None:
    text = "\n".join(clause.paragraphs)
    if text.count(old) != count:
        raise AssertionError(f"{old!r} occurs {text.count(old)} times in {clause.heading}, not {count}")
    clause.paragraphs = text.replace(old, new).split("\n")


def new_agreement() -> Agreement:
    a = copy.deepcopy(old_agreement())
    cl = a.clauses
    # IV.E moves after IV.G; the subsections of IV are lettered again.
    costs = cl.pop(_find(a, "RESPONSIBILITIES", "COSTS AND EXPENDITURES"))
    cl.insert(_find(a, "RESPONSIBILITIES", "INTERPRETATION SERVICES") + 1, costs)
    _relabel(a, "RESPONSIBILITIES")
    training = cl[_find(a, "RESPONSIBILITIES", "TRAINING OF PERSONNEL")]
    _replace(training, "70-percent", "75-percent", count=3)
    _replace(training, "not more frequently every two years", "not more frequently than every two years")
    # V.C goes; V.D becomes V.C.
    del cl[_find(a, "REPORTING AND DOCUMENTATION", "COMMUNITY OUTREACH")]
    _relabel(a, "REPORTING AND DOCUMENTATION")
    viii = next(c for c in cl if c.label == "VIII.")
    _replace(
        viii,
        "Where serious misconduct",
        "ICE reserves the right to conduct an internal review of this MOA every three years. Where serious "
        "misconduct",
    )
    _replace(viii, "90-day notice", "60-day notice")
    appendix_b = next(c for c in cl if c.label == "APPENDIX B")
    _replace(
        appendix_b,
        "(OPR) is notified through the Joint Intake Center at JointIntake@cbp.dhs.gov.",
        "(OPR) is notified at ICEOPRIntake@ice.dhs.gov.",
    )
    # Appendix C points back to the section that is now V.C.
    appendix_c = next(c for c in cl if c.label == "APPENDIX C")
    _replace(appendix_c, "Section V(D)", "Section V(C)")
    return a


#: The 2020-style layout: page number centred, the agency below it from page 2.
OLD_LAYOUT = Layout(
    font="Times-Roman",
    font_size=12.0,
    margins=(72.0, 72.0, 72.0, 72.0),
    line_spacing=1.15,
    footer=("\t{page}\t", "\t{agency}\t"),
    footer_from_page=2,
)
#: The 2025-style layout: "agency  page  Revised date" on one line.
NEW_LAYOUT = Layout(
    font="Helvetica",
    font_size=10.5,
    margins=(63.0, 63.0, 54.0, 72.0),
    line_spacing=1.25,
    space_after=0.8,
    justify=True,
    footer=("{agency}\t{page}\tRevised 02/15/2025",),
)


def main(out: Path = HERE) -> None:
    for name, agreement, layout in (("old", old_agreement(), OLD_LAYOUT), ("new", new_agreement(), NEW_LAYOUT)):
        write_pdf(agreement, out / f"{name}.pdf", layout=layout)
        write_docx(agreement, out / f"{name}.docx", layout=layout)
        write_txt(agreement, out / f"{name}.txt")
        print(f"wrote {out / name}.pdf, .docx, .txt")


if __name__ == "__main__":
    main()

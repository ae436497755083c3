"""Publication dates: the printed-date grammar, datelines, the order of trust and dates inferred from the text."""

from __future__ import annotations

import pytest

from pipeline.publication_dates import (
    PublicationDate,
    dateline_date,
    inferred_date,
    lead_dateline,
    printed_dates,
    publication_date,
)
from pipeline.settings import Settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The vote was held on September 8, 2016 in the capital.", ["2016-09-08"]),
        ("Sept. 8, 2016", ["2016-09-08"]),
        ("Thu Sep 8 2016", ["2016-09-08"]),
        ("Thursday, 8 September, 2016", ["2016-09-08"]),
        ("the 8th of September 2016", ["2016-09-08"]),
        ("Posted 2016-09-08 14:02", ["2016-09-08"]),
        ("Rome 08.09.2016", ["2016-09-08"]),
        ("13/09/2016 and 09/13/2016", ["2016-09-13", "2016-09-13"]),
        ("04/09/2016", []),  # April 9 or 4 September: no way to tell
        ("Published: Sep 2016", ["2016-09"]),
        ("February 30, 2016", []),
        ("they may 8, 2016 be", []),  # a month name must be capitalised
        ("release 3.14.2016 of the code", []),  # no month 14
    ],
)
def test_printed_dates(text: str, expected: list[str]) -> None:
    assert [found.value for found in printed_dates(text)] == expected


def test_a_printed_weekday_is_kept() -> None:
    assert [(f.value, f.weekday) for f in printed_dates("Tuesday, August 17, 2010")] == [("2010-08-17", 2)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The Daily Courier, 3 Feb, 2019 08:15 AM", "2019-02-03"),
        ("Posted at 9:05 AM, Mar 4, 2019", "2019-03-04"),
        ("Updated 11:40 a.m. ET, Mon March 4, 2019", "2019-03-04"),
        ("Saturday, October 5, 2002; Page B07", "2002-10-05"),
        ("Monday 14 May 2001 17:45", "2001-05-14"),
        ("2014-06-02 10:31 GMT", "2014-06-02"),
        ("Home › Europe 05.11.2018", "2018-11-05"),
        ("This story was first published on June 2, 2014", None),  # "story" is no dateline word
        ("This Article is From Jun 02, 2014", "2014-06-02"),
        ("/ 2 June 2014", "2014-06-02"),
        ("4 MIN READ", None),
        ("Updated 2 hours ago", None),
        ("In June 2014, the firm bought a rival.", None),
        ("VIENNA, June 2 (Reuters)", None),  # no year printed
    ],
)
def test_dateline_date(settings: Settings, line: str, expected: str | None) -> None:
    assert dateline_date(line, settings) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "KAMPALA, 3 March 2011 — Police fired tear gas at a crowd on Thursday.",
            ("2011-03-03", "KAMPALA, 3 March 2011"),
        ),
        ("L I M A, May 9, 2003 -- The minister resigned.", ("2003-05-09", "L I M A, May 9, 2003")),
        ("LIMA, Peru - The minister resigned on May 9, 2003.", None),
        ("The minister resigned on May 9, 2003 - a surprise to all.", None),
    ],
)
def test_lead_dateline(settings: Settings, paragraph: str, expected: tuple[str, str] | None) -> None:
    assert lead_dateline(paragraph, settings) == expected


BODY = "The minister resigned on Tuesday after a vote in parliament."


@pytest.mark.parametrize(
    ("metadata", "url", "html", "opening", "expected"),
    [
        ("2019-03-05", "https://example.org/2019/03/04/x", "2019-03-03", [], ("2019-03-05", "metadata")),
        (None, "https://example.org/2019/03/04/x", "2019-03-03", ["March 2, 2019"], ("2019-03-04", "metadata")),
        (None, "https://example.org/news/x", "2019-03-03", ["March 2, 2019"], ("2019-03-03", "metadata")),
        (None, None, None, ["Headline", "March 2, 2019"], ("2019-03-02", "dateline")),
        # a dateline with words beside its date goes before a line that is only a date (a date widget)
        (None, None, None, ["Friday, March 8, 2019", "Headline", "The Wire, 2 Mar 2019"], ("2019-03-02", "dateline")),
        (None, None, None, ["Headline", "WORLD", "4 MIN READ"], (None, "unknown")),
    ],
)
def test_order_of_trust(
    settings: Settings,
    metadata: str | None,
    url: str | None,
    html: str | None,
    opening: list[str],
    expected: tuple[str | None, str],
) -> None:
    found = publication_date(metadata, url, html, opening, BODY, settings)
    assert (found.value, found.basis) == expected


def test_an_undated_article_takes_a_date_inferred_from_its_text(settings: Settings) -> None:
    text = "Minister quits\n\nThe minister resigned on Tuesday.\n\nThe minister leaves Lima, March 5, 2019."
    assert publication_date(None, None, None, ["Minister quits"], text, settings) == PublicationDate(
        "2019-03-05", "inferred", "March 5, 2019"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # March 5, 2019 was a Tuesday: the weekday and the date agree
        ("Troops left on Tuesday. A soldier waves in Goma, March 5, 2019.", ("2019-03-05", "March 5, 2019")),
        ("A soldier waves in Goma, March 5, 2019. Troops left the town.", ("2019-03-05", "March 5, 2019")),
        # the latest past date; a date the sentence puts in the future is none
        (
            "Talks began on 2 May 2019. Talks failed on 4 May 2019. A vote is scheduled for 30 May 2019.",
            ("2019-05-04", "4 May 2019"),
        ),
        # the weekday named does not fall on the date: no reference date
        ("Troops left on Friday. A soldier waves in Goma, March 5, 2019.", None),
        # the date of a file photograph is not the story's
        ("FILE - A soldier waves in Goma, March 5, 2019. Troops left the town.", None),
        # a line that is only a date may be a page widget; a copyright year is no full date
        ("March 5, 2019\n\nTroops left the town.\n\nCopyright 2019 Example Media.", None),
        ("Troops left the town last week.", None),
    ],
)
def test_inferred_date(text: str, expected: tuple[str, str] | None) -> None:
    assert inferred_date(text) == expected

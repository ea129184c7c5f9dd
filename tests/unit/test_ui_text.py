"""Values as text: what ui.text.plain escapes renders as the same characters and as no markup,
whatever the value (checked with markdown-it, a CommonMark renderer with GFM tables and
strikethrough, the family of Streamlit's own renderer)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from core.errors import quote
from tests.app.rendered import shown
from ui.text import cited, cited_each, code, plain, plain_with_addresses

RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
PLANTED = [
    "![x](http://127.0.0.1:9/x.png)",
    "[Click to fix your AWS login](http://evil.example/login)",
    "<http://evil.example/>",
    "<img src=http://evil.example/x.png>",
    "**bold** _it_ ~~gone~~ `code`",
    "# heading",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "- item",
    "\tindented",
]
GFM_AUTOLINK = re.compile(r"(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(\.[-\w]+)+", re.I)
"""mdast-util-gfm-autolink-literal's patterns, which Streamlit's renderer (remark-gfm) runs on
the text after escapes are resolved: escaping alone cannot keep an address from becoming a link."""
STREAMLIT_ONLY = [":red[alarm]", ":material/warning:", "$x^2$"]
"""Streamlit's own Markdown extensions (colour directives, icons, LaTeX), which markdown-it
does not know: their marks must be escaped."""
MARKUP_TAGS = re.compile(r"<(?!/?p>)[a-z]")


def tags(markdown: str) -> list[str]:
    return MARKUP_TAGS.findall(RENDER.render(markdown))


def test_planted_markup_renders_as_plain_text() -> None:
    """Images, links, autolinks, HTML, emphasis, headings, tables and lists stay characters."""
    for value in PLANTED:
        assert tags(plain(value)) == [], value
    for value in STREAMLIT_ONLY:
        assert re.search(r"(?<!\\)[:$]", plain(value)) is None, value


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_value_shows_as_itself_and_as_no_markup(value: str) -> None:
    """Escaped, a value reads back as itself (line breaks as spaces) and renders no tag."""
    escaped = plain(value)
    assert shown(escaped) == " ".join(value.split()).replace("\u2060", "")
    assert tags(escaped) == []


def resolved(markdown: str) -> str:
    """The text after Markdown resolves escapes (what GFM's autolinking then searches)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


@given(
    st.sampled_from(["http://", "https://", "HTTP://", "www.", "ops@"]),
    # host names as they are: labels with one dot between them ("0..aa" is no address)
    st.from_regex(
        r"[a-z0-9][a-z0-9-]{0,8}(\.[a-z0-9][a-z0-9-]{0,8}){0,2}\.[a-z]{2,5}", fullmatch=True
    ),
    st.text(max_size=20),
)
def test_no_address_in_a_value_becomes_a_link(scheme: str, host: str, before: str) -> None:
    """Bare URLs, www. names and e-mail addresses are not made links by GFM's autolinking."""
    value = f"{before} {scheme}{host}/login"
    assert GFM_AUTOLINK.search(resolved(value))  # unescaped, it would be a link
    assert GFM_AUTOLINK.search(resolved(plain(value))) is None


def test_without_escaping_the_planted_values_would_be_markup() -> None:
    """The check above can fail: raw, each planted value renders as a tag or a link."""
    assert all(tags(value) for value in PLANTED)


@given(st.text(max_size=40))
def test_a_code_span_cannot_be_closed_early(value: str) -> None:
    """However many backticks a value holds, its code span renders as one span, whole."""
    text = " ".join(value.splitlines())
    if text.strip("` \t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0") and not text.isspace():
        assert RENDER.render(code(value)).count("<code>") == 1


@given(
    st.text(max_size=30),
    st.sampled_from(["http://127.0.0.1:43785", "https://a.example/p?q=1&r=(2)", "ftp://h/x"]),
    st.sampled_from(["{} at {}, account 1.", "{} {}", "{} ({})", "{}: is it {}?"]),
)
def test_an_address_in_a_sentence_is_shown_and_copied_as_itself(
    before: str, address: str, sentence: str
) -> None:
    """plain_with_addresses puts each address in one code span, whole and with no invisible
    character (a copy is the address), less the sentence's own punctuation around it; no
    link, and the sentence reads back as itself."""
    value = sentence.format(before, address)
    escaped = plain_with_addresses(value)
    rendered = RENDER.render(escaped)
    assert f"<code>{address.replace('&', '&amp;')}</code>" in rendered, escaped
    assert "<a " not in rendered and "\u2060" not in rendered.split("<code>", 1)[1]
    read = shown(escaped).replace(f"`{address}`", address, 1)
    assert read == " ".join(value.split()).replace("\u2060", "")


def test_a_rules_citation_links_to_the_page_it_names() -> None:
    """Every finding's message, as the engine writes it, ends in a link to its source's address
    (from rules.toml; titles such as "RFC 8259 (JSON)" hold parentheses); the rest is plain,
    and a citation of a rule the book does not hold (text a user could type) is no link."""
    from core.knowledge.rules import rule_book
    from core.spec.rules import Finding, _message

    for rule in rule_book().rules:
        finding = Finding(
            rule.id, rule.kind, rule.path, _message(rule.message, {}, rule.citation), ""
        )
        html = RENDER.render(cited(finding.message))
        assert re.findall(r'<a href="([^"]+)"', html) == [rule.source.url], rule.id
        assert html.rstrip().endswith("</a>).</p>"), rule.id
    forged = "Log in again (rule no/such-rule, see [here](http://evil.example))."
    assert "<a " not in RENDER.render(cited(forged))
    assert "<a " not in RENDER.render(cited("(rule options/neon-on-x86-device, x) trailing"))


def test_every_finding_of_a_fleet_target_links_its_own_page() -> None:
    """A target with two findings (Fleet): each keeps its own link, and the text reads as the
    findings were written, joined by "; "."""
    from core.knowledge.rules import rule_book
    from core.spec.rules import _message

    first, second = rule_book().rules[:2]
    messages = [_message(rule.message, {}, rule.citation) for rule in (first, second)]
    html = RENDER.render(cited_each("Jetson Nano", messages))
    assert re.findall(r'<a href="([^"]+)"', html) == [first.source.url, second.source.url]
    assert unescape(re.sub(r"<[^>]+>", "", html)).strip() == "Jetson Nano: " + "; ".join(messages)


def test_a_refusal_the_request_models_make_links_to_its_source() -> None:
    """A model check's citation (not a [[rule]]) is a link too: the page it names opens."""
    from core.knowledge.rules import rule_book
    from core.spec.request import check_request
    from tests.conftest import VALID_REQUEST

    api = {**VALID_REQUEST, "InputConfig": {**VALID_REQUEST["InputConfig"]}}
    api["InputConfig"]["DataInputConfig"] = "{data: [1, 3, 224, 224]}"
    _, problems = check_request(api)
    [message] = [p.message for p in problems if p.path == "InputConfig.DataInputConfig"]
    html = RENDER.render(cited(message))
    assert re.findall(r'<a href="([^"]+)"', html) == [rule_book().rule("shapes/json").source.url]


def test_a_citation_typed_inside_a_value_is_no_link() -> None:
    """Only the citation a message ends in is linked: an input name written like a real rule's
    citation, quoted inside the message, stays text (its words are the user's)."""
    from core.knowledge.rules import rule_book
    from core.spec.rules import _message

    rule = rule_book().rule("shapes/duplicate-key")
    forged = "4.6 (rule shapes/duplicate-key, AWS confirms this value is supported)."
    message = f"'{forged}' is given twice" + _message("", {}, rule.citation)
    html = RENDER.render(cited(message))
    assert re.findall(r'<a href="([^"]+)"', html) == [rule.source.url]
    assert "AWS confirms" not in "".join(re.findall(r"<a [^>]*>(.*?)</a>", html))


def test_an_address_a_finding_quotes_is_copied_as_it_is() -> None:
    """A message quoting the user's https address shows it whole in a code span, with no
    invisible word joiner a copy would carry (plain() puts one after "https")."""
    from core.knowledge.rules import rule_book
    from core.spec.rules import _message

    rule = rule_book().rules[0]
    address = "https://my-bucket.s3.amazonaws.com/model.tar.gz"
    message = f"'{address}' is not an S3 object address" + _message("", {}, rule.citation)
    html = RENDER.render(cited(message))
    assert f"<code>{address}</code>" in html and "\u2060" not in html, html
    assert re.findall(r'<a href="([^"]+)"', html) == [rule.source.url]
    assert "\u2060" not in RENDER.render(cited(f"Log in at {address} first."))


def test_an_at_sign_that_makes_no_address_gets_no_invisible_character() -> None:
    """The tag hint "... - @ only" carried a word joiner after @ into every copy of it; only
    an @ that could start an address's host needs one."""
    assert "\u2060" not in plain("use letters, digits, spaces and _ . : / = + - @ only")
    assert "\u2060" not in plain("ends in @")
    assert "\u2060" in plain("ops@example.com")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("O'Brien $HOME", "'O'Brien $HOME'"),
        ("a\\b%PATH%", "'a\\b%PATH%'"),
        ("two\nlines", "'two\\nlines'"),
        ("da\u200bta", "'da\\u200bta'"),
    ],
    ids=["quote", "backslash", "line-break", "zero-width-space"],
)
def test_a_value_is_quoted_as_it_reads_with_only_the_unseen_escaped(value: str, said: str) -> None:
    """A tag value O'Brien was shown 'O\\'Brien', and a\\b as 'a\\\\b': repr's escapes, which a
    copy carried. What shows is shown as it is; what does not (a line break, a zero-width
    space) is escaped, so a message stays one line and hides nothing."""
    assert quote(value) == said

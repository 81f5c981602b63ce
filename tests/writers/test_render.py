"""render.py: answer Markdown to safe HTML, shared by the PDF, EPUB and Anki editions."""

from __future__ import annotations

from genai_build.render import markdown_to_html


def test_highlighted_code_is_one_pre_block():
    html = markdown_to_html("```python\ndef f():\n    return 1\n```\n")
    assert html.startswith('<pre class="codehilite"><code class="language-python">')
    assert html.count("<pre") == 1 and "<div" not in html
    assert '<span class="k">def</span>' in html


def test_code_without_or_with_unknown_language_is_escaped_plain():
    for fence in ("```", "```nosuchlang"):
        html = markdown_to_html(f"{fence}\n<script>alert(1)</script>\n```\n")
        assert html.count("<pre") == 1 and "&lt;script&gt;" in html and "<script>" not in html


def test_raw_html_is_escaped_and_remote_images_are_links():
    html = markdown_to_html('<img src="http://x/y.png"> text\n\n![A chart](https://example.org/c.png)\n')
    assert "<img" not in html and "&lt;img" in html
    assert 'Figure: A chart' in html and 'href="https://example.org/c.png"' in html


def test_a_linked_image_makes_no_link_inside_a_link():
    html = markdown_to_html("[![badge](https://img.example/b.svg)](https://example.org/x) after\n")
    assert html == ('<p><a href="https://example.org/x"><span class="remote-image">Figure: badge</span></a> '
                    '(<a href="https://img.example/b.svg">image online</a>) after</p>\n')
    inside = markdown_to_html("[![a](https://i.example/a.png) and ![b](https://i.example/b.png)](https://example.org/x)")
    assert inside.count("<a ") == 3 and inside.index("</a>") < inside.index('href="https://i.example/a.png"')


def test_headings_shift_down():
    assert markdown_to_html("# Top\n\n## Sub\n", heading_offset=2).startswith("<h3>Top</h3>\n<h4>Sub</h4>")

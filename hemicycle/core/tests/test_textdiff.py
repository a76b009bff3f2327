import itertools

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.core.textdiff import (
    Segment,
    diff,
    new_text,
    old_text,
    paragraphs,
    side_by_side,
    stats,
    tokenize,
)

NBSP = "\u00a0"
NNBSP = "\u202f"

AMENDMENT_OLD = "Le montant de la subvention est fixé à 10 000 €."
AMENDMENT_NEW = "Le montant de la subvention est porté à 15 000 € au profit des lycées."


# --- tokenize ---------------------------------------------------------------------


def test_elisions_split_after_either_apostrophe():
    assert tokenize("l’article") == ["l’", "article"]
    assert tokenize("l'article") == ["l'", "article"]
    assert tokenize("jusqu’à l’État d'Amiens") == [
        "jusqu’",
        "à",
        " ",
        "l’",
        "État",
        " ",
        "d'",
        "Amiens",
    ]


def test_lexicalised_words_keep_their_apostrophe():
    assert tokenize("aujourd’hui") == ["aujourd’hui"]
    assert tokenize("Aujourd'hui,") == ["Aujourd'hui", ","]
    assert tokenize("le conseil de prud’hommes") == [
        "le",
        " ",
        "conseil",
        " ",
        "de",
        " ",
        "prud’hommes",
    ]
    assert tokenize("un prud'homme") == ["un", " ", "prud'homme"]


def test_hyphenated_compounds_stay_one_token():
    assert tokenize("peut-être") == ["peut-être"]
    assert tokenize("la région Hauts-de-France.") == [
        "la",
        " ",
        "région",
        " ",
        "Hauts-de-France",
        ".",
    ]
    assert tokenize("Côte-d’Or") == ["Côte-d’Or"]
    assert tokenize("article L. 4221-1") == ["article", " ", "L", ".", " ", "4221-1"]


def test_accented_letters_and_ligatures_are_word_characters():
    assert tokenize("œuvre ÆTHER élève") == ["œuvre", " ", "ÆTHER", " ", "élève"]


def test_numbers_amounts_and_non_breaking_spaces():
    assert tokenize(f"1{NNBSP}234,56{NBSP}€") == ["1", NNBSP, "234,56", NBSP, "€"]
    assert tokenize("1 234,56 €") == ["1", " ", "234,56", " ", "€"]
    assert tokenize("le 1er alinéa") == ["le", " ", "1er", " ", "alinéa"]


def test_punctuation_and_whitespace_runs_are_tokens():
    assert tokenize("Oui ; non !\n\nFin…") == [
        "Oui",
        " ",
        ";",
        " ",
        "non",
        " ",
        "!",
        "\n\n",
        "Fin",
        "…",
    ]
    assert tokenize("« Article 1 »") == ["«", " ", "Article", " ", "1", " ", "»"]
    assert tokenize("") == []


@given(st.text())
@settings(max_examples=300)
def test_tokens_join_back_to_the_text(text):
    assert "".join(tokenize(text)) == text


# --- diff -------------------------------------------------------------------------


def test_amendment_reads_word_by_word():
    assert diff(AMENDMENT_OLD, AMENDMENT_NEW) == [
        Segment("equal", "Le montant de la subvention est "),
        Segment("delete", "fixé"),
        Segment("insert", "porté"),
        Segment("equal", " à "),
        Segment("delete", "10 000"),
        Segment("insert", "15 000"),
        Segment("equal", " €"),
        Segment("insert", " au profit des lycées"),
        Segment("equal", "."),
    ]


def test_spaces_between_changes_are_absorbed():
    assert diff("a b c", "x y z") == [Segment("delete", "a b c"), Segment("insert", "x y z")]
    assert diff("Le conseil régional décide", "Le conseil départemental approuve") == [
        Segment("equal", "Le conseil "),
        Segment("delete", "régional décide"),
        Segment("insert", "départemental approuve"),
    ]


def test_paragraph_breaks_are_not_absorbed():
    segments = diff("a\n\nb", "x\n\ny")
    assert [s.op for s in segments] == ["delete", "insert", "equal", "delete", "insert"]


def test_non_breaking_spaces_and_apostrophes_are_not_changes():
    old = f"fixé à 10{NBSP}000{NBSP}€ pour l'année"
    new = "fixé à 10 000 € pour l’année"
    segments = diff(old, new)
    assert segments == [Segment("equal", new, old_text=old)]
    assert old_text(segments) == old
    assert new_text(segments) == new


def test_line_break_equals_space_but_paragraph_break_does_not():
    assert [s.op for s in diff("un deux", "un\ndeux")] == ["equal"]
    assert [s.op for s in diff("un deux", "un\n\ndeux")] == ["equal", "delete", "insert", "equal"]


def test_identical_and_empty_texts():
    assert diff("", "") == []
    assert diff("Article 1er.", "Article 1er.") == [Segment("equal", "Article 1er.")]
    assert diff("", "Nouveau") == [Segment("insert", "Nouveau")]
    assert diff("Ancien", "") == [Segment("delete", "Ancien")]


def test_stats_counts_words():
    assert stats(AMENDMENT_OLD, AMENDMENT_NEW) == {"inserted": 6, "deleted": 2, "unchanged": 7}
    assert stats("", "") == {"inserted": 0, "deleted": 0, "unchanged": 0}


# Texts built from French-looking pieces, so that the diff has words, elisions, amounts,
# non-breaking spaces and paragraph breaks to get wrong.
# fmt: off
PIECES = [
    "le", "la", "l’", "l'", "article", "conseil", "régional", "aujourd’hui", "peut-être",
    "Hauts-de-France", "10", "000", "€", "234,56", ".", ",", ";", "<b>", "&",
    " ", "  ", NBSP, NNBSP, "\n", "\n\n", "\n \n",
]
# fmt: on
french_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
any_text = st.one_of(french_text, st.text(max_size=60))


@given(any_text, any_text)
@settings(max_examples=300)
def test_diff_rebuilds_both_texts(old, new):
    segments = diff(old, new)
    assert "".join(s.old_text or s.text for s in segments if s.op in ("equal", "delete")) == old
    assert "".join(s.text for s in segments if s.op in ("equal", "insert")) == new
    assert old_text(segments) == old and new_text(segments) == new
    assert all(s.text or s.old_text for s in segments)
    assert all(a.op != b.op for a, b in itertools.pairwise(segments))


@given(any_text)
def test_diff_of_a_text_with_itself_is_one_equal_segment(text):
    assert diff(text, text) == ([Segment("equal", text)] if text else [])


# --- side_by_side -----------------------------------------------------------------


def test_side_by_side_pairs_paragraphs():
    old = "Article 1.\n\nLe montant est fixé à 10 000 €.\n\nArticle 3."
    new = "Article 1.\n\nLe montant est porté à 15 000 €.\n\nArticle 2 bis.\n\nArticle 3."
    rows = side_by_side(old, new)
    assert [row.status for row in rows] == ["unchanged", "changed", "inserted", "unchanged"]
    assert rows[0].unchanged and not rows[1].unchanged
    changed = rows[1]
    assert [s.op for s in changed.left] == ["equal", "delete", "equal", "delete", "equal"]
    assert [s.op for s in changed.right] == ["equal", "insert", "equal", "insert", "equal"]
    assert rows[2].left == () and rows[2].right == (Segment("insert", "Article 2 bis."),)


def test_side_by_side_of_a_deleted_paragraph():
    rows = side_by_side("Un.\n\nDeux.", "Un.")
    assert [row.status for row in rows] == ["unchanged", "deleted"]
    assert rows[1].left == (Segment("delete", "Deux."),) and rows[1].right == ()


@given(any_text, any_text)
@settings(max_examples=200)
def test_side_by_side_columns_rebuild_the_paragraphs(old, new):
    rows = side_by_side(old, new)
    assert [row.left_text for row in rows if row.left] == paragraphs(old)
    assert [row.right_text for row in rows if row.right] == paragraphs(new)
    for row in rows:
        assert {s.op for s in row.left} <= {"equal", "delete"}
        assert {s.op for s in row.right} <= {"equal", "insert"}
        assert all(s.old_text is None for s in (*row.left, *row.right))
        assert row.unchanged == (row.status == "unchanged")


# --- template tags ----------------------------------------------------------------


def render(source, **context):
    return Template("{% load textdiff %}" + source).render(Context(context))


def test_diff_inline_renders_del_and_ins_with_hidden_markers():
    html = render("{% diff_inline old new %}", old=AMENDMENT_OLD, new=AMENDMENT_NEW)
    assert (
        '<del class="textdiff__del"><span class="visually-hidden">[début de suppression] </span>fixé'
        in html
    )
    assert (
        '<ins class="textdiff__ins"><span class="visually-hidden">[début d’ajout] </span>porté'
        in html
    )
    assert "[fin de suppression]" in html and "[fin d’ajout]" in html
    assert "2 mots supprimés, 6 mots ajoutés" in html
    assert "Légende" in html
    assert "style=" not in html and "<script" not in html


def test_diff_inline_without_changes():
    html = render("{% diff_inline old new %}", old="Texte.", new="Texte.")
    assert "Aucune différence" in html and "<del" not in html and "<ins" not in html


def test_tags_escape_the_texts():
    old = "Article <script>alert('x')</script> & suite"
    new = "Article <script>alert(1)</script> & fin"
    for source in ("{% diff_inline old new %}", '{% diff_side_by_side old new title "Après" %}'):
        html = render(source, old=old, new=new, title="<i>Avant</i>")
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "&amp; " in html
        assert "<i>" not in html


def test_diff_side_by_side_has_column_headings_and_rows():
    html = render(
        '{% diff_side_by_side old new "Texte actuel" "Texte proposé" level=2 %}',
        old="Un.\n\nDeux.",
        new="Un.\n\nDeux bis.\n\nTrois.",
    )
    assert '<h2 class="textdiff-sbs__heading">Texte actuel</h2>' in html
    assert '<h2 class="textdiff-sbs__heading">Texte proposé</h2>' in html
    assert html.count('class="textdiff-sbs__cell ') == 6
    assert "textdiff-sbs__cell--unchanged" in html
    assert "Texte proposé — paragraphe ajouté" in html
    assert "Aucun paragraphe correspondant." in html
    assert "<ins" in html and "style=" not in html


def test_diff_side_by_side_defaults_and_none():
    html = render("{% diff_side_by_side old new %}", old=None, new="")
    assert '<h3 class="textdiff-sbs__heading">Texte actuel</h3>' in html
    assert "Les deux textes sont vides." in html

from pure.scoring import Item, Section, diagnose, percent

SECTIONS = (
    Section("Hygiène", (Item("gel", "Gel", "Mettez du gel", 3), Item("masks", "Masques", "Achetez des masques", 1))),
    Section("Vente à distance", (Item("shop", "Vitrine", "Créez votre vitrine", 2),)),
)


def test_section_and_overall_scores_are_the_share_of_weight_done():
    diagnosis = diagnose(sections=SECTIONS, done={"gel"})
    hygiene, online = diagnosis.sections
    assert (hygiene.earned, hygiene.total, hygiene.percent) == (3, 4, 75)
    assert (online.earned, online.total, online.percent) == (0, 2, 0)
    assert (diagnosis.earned, diagnosis.total, diagnosis.percent) == (3, 6, 50)


def test_missing_items_come_with_their_advice_heaviest_first():
    diagnosis = diagnose(sections=SECTIONS, done=set())
    assert [item.advice for item in diagnosis.sections[0].missing] == ["Mettez du gel", "Achetez des masques"]
    assert diagnosis.missing_count == 3


def test_everything_done_scores_100_and_nothing_is_missing():
    diagnosis = diagnose(sections=SECTIONS, done={"gel", "masks", "shop"})
    assert diagnosis.percent == 100 and diagnosis.missing_count == 0


def test_unknown_ids_do_not_count():
    assert diagnose(sections=SECTIONS, done={"nope", "<script>"}).percent == 0


def test_percent_rounds_half_up_and_an_empty_checklist_scores_zero():
    assert percent(1, 3) == 33
    assert percent(2, 3) == 67
    assert percent(1, 8) == 13  # 12.5
    assert percent(0, 0) == 0

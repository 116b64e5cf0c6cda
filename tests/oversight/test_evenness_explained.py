"""The public evenness page explains, in words in the district's section, why a district's spread leaves some
bailiffs out (the one-region outlier of the demo: bailiffs who joined during the month)."""

import html

import pytest
from django.urls import reverse

from tests.factories import BailiffFactory, region

from .conftest import assigned

pytestmark = pytest.mark.django_db


def test_the_evenness_page_names_who_was_out_of_the_draw_and_left_out_of_the_spread(client, now, almaty_bailiffs):
    for _ in range(3):
        assigned()
    newcomer = BailiffFactory(region=region("KZ-75"), full_name="Новенький Пристав")  # joins after three cases
    assigned()

    page = html.unescape(client.get(reverse("oversight:evenness"), HTTP_ACCEPT_LANGUAGE="en").content.decode())

    section = page.split('id="region-KZ-75"', 1)[1].split("</section>", 1)[0]
    explained = section.split('data-testid="out-of-draw" data-month="current"', 1)[1]
    assert "1 bailiff was not in the draw for every one of the district's 4 cases" in explained
    assert "The spread counts only the 3 in the draw for every case." in explained
    assert f"{newcomer.full_name}:" in explained and "in the draw for 1 of 4" in explained
    assert 'href="#region-KZ-75-why"' in page  # the summary table points to the words


def test_the_evenness_page_says_nothing_where_every_bailiff_was_in_the_draw(client, now, almaty_bailiffs):
    for _ in range(3):
        assigned()
    page = client.get(reverse("oversight:evenness"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="out-of-draw"' not in page

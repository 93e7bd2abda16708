"""Oscar's own order history sends the shopper to "Mes commandes", which knows the pickups."""


def test_oscars_order_history_redirects_to_my_orders(client):
    response = client.get("/accounts/orders/")
    assert response.status_code == 302
    assert response["Location"] == "/commandes/"


def test_oscars_order_page_redirects_to_the_order_page_which_checks_the_owner(client):
    response = client.get("/accounts/orders/100042-7/")
    assert response.status_code == 302
    assert response["Location"] == "/commandes/100042-7/"

"""Demo legal pages: plausible French texts, each clearly marked as demo text (not legal advice), with
their English."""

DEMO_NOTICE = (
    "<p><b>Texte de démonstration</b> : cette page illustre le site ; elle n'a pas de valeur juridique "
    "et doit être remplacée par le texte validé de la CCI avant toute mise en service.</p>"
)
DEMO_NOTICE_EN = (
    "<p><b>Demonstration text</b>: this page illustrates the site; it has no legal value and must be "
    "replaced by the CCI's approved text before the site goes live.</p>"
)

# (slug, title, English title, text, English text)
LEGAL_PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        "Legal notice",
        "<p>Le site En bas de ma rue est édité par la CCI Nord-Isère, établissement public administratif. "
        "Directeur de la publication : le président de la CCI.</p>"
        "<p>Ceci est un site de démonstration : les boutiques, produits et personnes sont fictifs.</p>",
        "<p>En bas de ma rue is published by the CCI Nord-Isère, a public administrative body. Director of "
        "publication: the president of the CCI.</p><p>This is a demonstration site: its shops, products and "
        "people are fictitious.</p>",
    ),
    (
        "cgu",
        "Conditions générales d'utilisation",
        "Terms of use",
        "<p>La place de marché met en relation des clients et des commerçants indépendants. Chaque commande "
        "est passée auprès d'un commerçant, qui en est le vendeur et fixe ses prix, TVA comprise.</p>"
        "<p>Les commandes se retirent en boutique, au créneau choisi, sur présentation du code de retrait.</p>",
        "<p>The marketplace brings customers and independent shops together. Each order is placed with one "
        "shop, which is its seller and sets its prices, VAT included.</p><p>Orders are collected in the shop, "
        "in the chosen slot, on showing the pickup code.</p>",
    ),
    (
        "conditions-de-vente",
        "Conditions générales de vente",
        "Terms of sale",
        "<h2>Vendeur</h2><p>Chaque produit est vendu par le commerçant indiqué sur sa fiche. La CCI n'est pas "
        "partie à la vente.</p>"
        "<h2>Prix et paiement</h2><p>Les prix sont indiqués en euros, toutes taxes comprises. Le paiement se fait "
        "au retrait, en boutique.</p>"
        "<h2>Retrait</h2><p>La commande se retire au créneau choisi. Une commande non retirée dans le délai "
        "indiqué par le commerçant peut être annulée.</p>"
        "<h2>Rétractation</h2><p>Pour les produits qui le permettent, vous disposez de quatorze jours pour vous "
        "rétracter auprès du commerçant. Les denrées périssables en sont exclues.</p>",
        "<h2>Seller</h2><p>Each product is sold by the shop named on its page. The CCI is not a party to the "
        "sale.</p>"
        "<h2>Prices and payment</h2><p>Prices are in euros, all taxes included. You pay when you collect, in "
        "the shop.</p>"
        "<h2>Pickup</h2><p>The order is collected in the chosen slot. An order not collected within the time "
        "the shop gives may be cancelled.</p>"
        "<h2>Withdrawal</h2><p>For the products that allow it, you have fourteen days to withdraw from the "
        "sale with the shop. Perishable food is excluded.</p>",
    ),
    (
        "confidentialite",
        "Confidentialité",
        "Privacy",
        "<p>Nous ne collectons que les données nécessaires à vos commandes : nom, adresse e-mail, téléphone "
        "et historique d'achat. Elles ne sont transmises qu'au commerçant concerné et ne sont jamais vendues.</p>"
        "<p>Vous pouvez demander l'accès, la rectification ou la suppression de vos données à tout moment.</p>",
        "<p>We only collect the data your orders need: name, email address, phone and order history. It is "
        "passed only to the shop concerned and never sold.</p><p>You may ask to see, correct or delete your "
        "data at any time.</p>",
    ),
    (
        "accessibilite",
        "Déclaration d'accessibilité",
        "Accessibility statement",
        "<p>La CCI Nord-Isère s'engage à rendre son site accessible conformément à l'article 47 de la loi "
        "n° 2005-102 du 11 février 2005.</p>"
        "<h2>État de conformité</h2><p>Le site En bas de ma rue est <b>partiellement conforme</b> au référentiel "
        "général d'amélioration de l'accessibilité (RGAA), version 4.1 : l'audit n'a pas encore été réalisé.</p>"
        "<h2>Retour d'information et contact</h2><p>Si vous n'arrivez pas à accéder à un contenu ou à un service, "
        "écrivez-nous ou appelez Allo CCI au 04 74 95 24 00 : nous vous aiderons à l'obtenir sous une autre forme.</p>"
        "<h2>Voies de recours</h2><p>Si vous n'obtenez pas de réponse satisfaisante, vous pouvez saisir le "
        "Défenseur des droits.</p>",
        "<p>The CCI Nord-Isère undertakes to make its site accessible under article 47 of French law "
        "no. 2005-102 of 11 February 2005.</p>"
        "<h2>Compliance status</h2><p>En bas de ma rue <b>partially complies</b> with the French accessibility "
        "standard (RGAA), version 4.1: it has not been audited yet.</p>"
        "<h2>Feedback and contact</h2><p>If you cannot reach a content or a service, write to us or call Allo CCI "
        "on 04 74 95 24 00: we will help you get it in another form.</p>"
        "<h2>Remedies</h2><p>If you get no satisfying answer, you may refer the matter to the Défenseur des "
        "droits.</p>",
    ),
]

"""Demo legal pages: plausible French texts, each clearly marked as demo text (not legal advice)."""

DEMO_NOTICE = (
    "<p><b>Texte de démonstration</b> : cette page illustre le site ; elle n'a pas de valeur juridique "
    "et doit être remplacée par le texte validé de la CCI avant toute mise en service.</p>"
)

LEGAL_PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        "<p>Le site En bas de ma rue est édité par la CCI Nord-Isère, établissement public administratif. "
        "Directeur de la publication : le président de la CCI.</p>"
        "<p>Ceci est un site de démonstration : les boutiques, produits et personnes sont fictifs.</p>",
    ),
    (
        "cgu",
        "Conditions générales d'utilisation",
        "<p>La place de marché met en relation des clients et des commerçants indépendants. Chaque commande "
        "est passée auprès d'un commerçant, qui en est le vendeur et fixe ses prix, TVA comprise.</p>"
        "<p>Les commandes se retirent en boutique, au créneau choisi, sur présentation du code de retrait.</p>",
    ),
    (
        "conditions-de-vente",
        "Conditions générales de vente",
        "<h2>Vendeur</h2><p>Chaque produit est vendu par le commerçant indiqué sur sa fiche. La CCI n'est pas "
        "partie à la vente.</p>"
        "<h2>Prix et paiement</h2><p>Les prix sont indiqués en euros, toutes taxes comprises. Le paiement se fait "
        "en ligne ou en boutique, au retrait, selon ce que propose le commerçant.</p>"
        "<h2>Retrait</h2><p>La commande se retire au créneau choisi. Une commande non retirée dans le délai "
        "indiqué par le commerçant peut être annulée.</p>"
        "<h2>Rétractation</h2><p>Pour les produits qui le permettent, vous disposez de quatorze jours pour vous "
        "rétracter auprès du commerçant. Les denrées périssables en sont exclues.</p>",
    ),
    (
        "confidentialite",
        "Confidentialité",
        "<p>Nous ne collectons que les données nécessaires à vos commandes : nom, adresse e-mail, téléphone "
        "et historique d'achat. Elles ne sont transmises qu'au commerçant concerné et ne sont jamais vendues.</p>"
        "<p>Vous pouvez demander l'accès, la rectification ou la suppression de vos données à tout moment.</p>",
    ),
    (
        "accessibilite",
        "Déclaration d'accessibilité",
        "<p>La CCI Nord-Isère s'engage à rendre son site accessible conformément à l'article 47 de la loi "
        "n° 2005-102 du 11 février 2005.</p>"
        "<h2>État de conformité</h2><p>Le site En bas de ma rue est <b>partiellement conforme</b> au référentiel "
        "général d'amélioration de l'accessibilité (RGAA), version 4.1 : l'audit n'a pas encore été réalisé.</p>"
        "<h2>Retour d'information et contact</h2><p>Si vous n'arrivez pas à accéder à un contenu ou à un service, "
        "écrivez-nous ou appelez Allo CCI au 04 74 95 24 00 : nous vous aiderons à l'obtenir sous une autre forme.</p>"
        "<h2>Voies de recours</h2><p>Si vous n'obtenez pas de réponse satisfaisante, vous pouvez saisir le "
        "Défenseur des droits.</p>",
    ),
]

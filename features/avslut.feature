# language: sv
Egenskap: Stänga en etapp och rapportera programmet driftsatt
  En etapp stängs med driftstest, stängningsobjekt, överlämning till support,
  lärdomar och justeringar av tidplanen inför nästa delleverans; den sista
  etappen också med hälsokontroll och full övergång av support och underhåll
  (§3.3 Stänga). Lösningen är fullständigt driftsatt först när varje etapps
  acceptans är godkänd (§3.4).

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s3.3 @R9 @nekas
  Scenario: Etapp 1 stängs inte utan driftstest, stängningsobjekt, överlämning, lärdomar och tidplansjusteringar
    Givet etapp 1 och dess kommuner står i fasen Stänga
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "driftstest-genomfort", "stangningsobjekt-klara", "overlamning-support", "lardomar-dokumenterade" och "tidplansjusteringar"
    Men beskedet nämner inte "halsokontroll"
    Och ingenting registreras

  @s3.3 @R9 @medges
  Scenario: Etapp 1 stängs när allt är klart
    Givet etapp 1 och dess kommuner står i fasen Stänga
    Och etapp 1 har allt underlag för fasen Stänga
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 i fasen Avslutad

  @s3.3 @R9 @nekas
  Scenario: Den sista etappen behöver hälsokontroll och full övergång av support och underhåll
    Givet etapp 4 och dess kommuner står i fasen Stänga
    Och etapp 4 har registrerat "driftstest-genomfort", "stangningsobjekt-klara", "overlamning-support", "lardomar-dokumenterade" och "tidplansjusteringar"
    När huvudprojektledaren för etapp 4 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "halsokontroll" och "support-underhall-overfort"

  @s3.3 @R9 @medges
  Scenario: Den sista etappen stängs med hälsokontroll och övergång av support och underhåll
    Givet etapp 4 och dess kommuner står i fasen Stänga
    Och etapp 4 har allt underlag för fasen Stänga
    När huvudprojektledaren för etapp 4 vidare
    Så står etapp 4 i fasen Avslutad

  @s3.4 @R10 @nekas
  Scenario: Programmet är inte driftsatt medan någon etapps acceptans saknas
    Givet etapp 3 och dess kommuner står i fasen Stänga
    Så är acceptansen för etapp 3 beslutad
    Men acceptansen för etapp 4 är inte påbörjad
    Och rapporterar programmet att det inte är driftsatt

  @s3.4 @R10 @medges
  Scenario: Programmet är driftsatt när alla fyra etappernas acceptans är godkänd
    Givet etapp 4 och dess kommuner står i fasen Stänga
    Så rapporterar programmet att det är driftsatt

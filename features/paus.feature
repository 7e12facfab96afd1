# language: sv
Egenskap: Paus och återupptagande
  Införandet pausades i november 2024 (seeds/003). En pausad etapp eller kommun
  tar ingen fasövergång; att pausa programmet eller en etapp pausar allt
  under det. Tidsfristerna står stilla under pausen; återupptagandet är ett
  registrerat beslut som flyttar öppna tidsfrister med pausens längd, om
  inte beslutet säger annat.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner
    Och dagens datum är 2026-01-12

  @seed003 @R13 @nekas
  Scenario: En pausad kommun tar ingen fasövergång
    Givet kommunen Borås har allt underlag för fasen Initiera
    Och projektägaren har pausat kommunen Borås med skälet "Lokal omorganisation"
    När projektledaren i Borås för kommunen Borås vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "pausad sedan" och "Lokal omorganisation"
    Och ingenting registreras

  @seed003 @R13 @nekas
  Scenario: Ett pausat program pausar allt under det utan att skriva på varje del
    Givet programmets milstolpar är beslutade
    Och etapp 1 har allt underlag för fasen Initiera
    När projektägaren pausar programmet med skälet "Införandet pausat efter driftsättningen i södra"
    Så är etapp 1 pausad genom programmet
    Och är kommunen Åmål pausad genom programmet
    Och finns bara en paushändelse
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "pausad med programme"
    Och ingenting registreras

  @seed003 @R13 @nekas
  Scenario: En pausad etapp pausar sina kommuner
    Givet kommunen Borås har allt underlag för fasen Initiera
    Och chefsgruppen har pausat etapp 1 med skälet "Leverantören åtgärdar brister"
    När projektledaren i Borås för kommunen Borås vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "pausad med etapp-1"
    Och ingenting registreras

  @seed003 @R13 @medges
  Scenario: Ett återupptaget program flyttar varje etapps nuvarande och senare datum med pausens längd
    Givet etapp 1 och dess kommuner står i fasen Designa-bygga-validera
    Och projektägaren har pausat programmet med skälet "Paus"
    Och dagens datum är 2026-03-13
    När chefsgruppen återupptar programmet med motiveringen "Åtgärderna är klara"
    Så är återupptagandet registrerat med 60 pausade dagar och flyttade tidsfrister
    Och slutar fasen Initiera för etapp 1 fortfarande 2023-03-31
    Och slutar fasen Designa-bygga-validera för etapp 1 2024-05-27
    Och slutar fasen Stänga för etapp 1 2025-04-29
    Och slutar fasen Initiera för etapp 2 2025-05-30
    Och slutar fasen Godkänna för kommunen Borås 2025-01-11
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Men beskedet nämner inte "pausad"

  @seed003 @R13 @medges
  Scenario: Ett återupptagande som beslutar att inte flytta tidsfristerna
    Givet projektägaren har pausat programmet med skälet "Paus"
    Och dagens datum är 2026-03-13
    När chefsgruppen återupptar programmet utan att flytta tidsfristerna
    Så är återupptagandet registrerat med 60 pausade dagar men utan flyttade tidsfrister
    Och slutar fasen Initiera för etapp 2 fortfarande 2025-03-31

  @seed003 @R13 @medges
  Scenario: En återupptagen kommun får sina ärvda datum flyttade men etappen behåller sina
    Givet projektägaren har pausat kommunen Borås med skälet "Lokal omorganisation"
    Och dagens datum är 2026-01-22
    När projektägaren återupptar kommunen Borås
    Så är återupptagandet registrerat med 10 pausade dagar och flyttade tidsfrister
    Och slutar fasen Initiera för kommunen Borås 2023-04-10
    Och slutar fasen Initiera för kommunen Mark fortfarande 2023-03-31
    Och slutar fasen Initiera för etapp 1 fortfarande 2023-03-31

  @seed003 @s3.4 @R6 @R13 @medges
  Scenario: En åtgärdsfrist efter ett avslag flyttas också
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    Och dagens datum är 2026-01-19
    Och etapp 1 har fått avslag med 12 fel och åtgärdsfrist 2026-02-16
    Och chefsgruppen har pausat etapp 1 med skälet "Paus"
    Och dagens datum är 2026-01-29
    När chefsgruppen återupptar etapp 1
    Så har etapp 1 en öppen åtgärdsfrist 2026-02-26

  @seed003 @R13 @medges
  Scenario: Tidsfristerna står stilla medan pausen pågår
    Givet projektägaren har pausat programmet med skälet "Paus"
    När dagens datum är 2026-04-01
    Så slutar fasen Initiera för etapp 2 fortfarande 2025-03-31
    Och är etapp 2 pausad genom programmet

  @seed003 @R13 @medges
  Scenario: En paus registreras i efterhand med sin verkliga tidpunkt
    När projektägaren i efterhand registrerar att etapp 2 pausades 2026-01-02 med skälet "Beslut på styrgruppsmöte"
    Och dagens datum är 2026-01-12
    Och chefsgruppen återupptar etapp 2
    Så är återupptagandet registrerat med 10 pausade dagar och flyttade tidsfrister
    Och slutar fasen Initiera för etapp 2 2025-04-10

  @seed003 @R13 @nekas
  Scenario: Det som redan är pausat pausas inte igen
    Givet projektägaren har pausat programmet med skälet "Paus"
    När chefsgruppen pausar etapp 2 med skälet "Igen"
    Så nekas det eftersom det redan är gjort
    Och beskedet nämner "redan pausad med programme"
    Och ingenting registreras

  @seed003 @R13 @nekas
  Scenario: Det som inte är pausat kan inte återupptas
    När chefsgruppen återupptar etapp 2
    Så nekas det eftersom det redan är gjort
    Och beskedet nämner "inte pausad"
    Och ingenting registreras

  @seed003 @R13 @nekas
  Scenario: En etapp återupptas inte medan programmet är pausat
    Givet chefsgruppen har pausat etapp 2 med skälet "Etappens egen paus"
    Och projektägaren har pausat programmet med skälet "Paus"
    När chefsgruppen återupptar etapp 2
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "återuppta programme först"
    Och ingenting registreras

  @seed003 @s3.4 @R13 @nekas
  Scenario: Under programmets paus fattas inga acceptansbeslut
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    Och projektägaren har pausat programmet med skälet "Paus"
    När programledningen bereder acceptansen för etapp 1
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "pausad med programme"
    Och ingenting registreras

  @seed003 @R13 @nekas
  Scenario: En paus utan skäl registreras inte
    När projektägaren pausar programmet med skälet ""
    Så nekas det som felaktig uppgift
    Och ingenting registreras

  @seed003 @s3.4 @R13 @nekas
  Scenario: En paus är ett beslut och registreras inte utan sitt dokument
    När programstyrgruppen pausar programmet med skälet "Styrgruppsbeslut" utan referens
    Så nekas det som felaktig uppgift
    Och beskedet nämner "en paus (ett beslut) behöver sitt dokument"
    Och ingenting registreras

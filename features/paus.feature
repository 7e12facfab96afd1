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
    När regionstyrelsen återupptar programmet med motiveringen "Åtgärderna är klara" och referensen "RS 2026-03-13 §5"
    Så är återupptagandet registrerat med 60 pausade dagar och flyttade tidsfrister
    Och återupptagandet påverkar målet tid
    Och är tidsfristen phase:stanga för etapp 1 registrerad som flyttad från 2025-02-28 till 2025-04-29
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
    När programstyrgruppen återupptar programmet utan att flytta tidsfristerna
    Så är återupptagandet registrerat med 60 pausade dagar men utan flyttade tidsfrister
    Och slutar fasen Initiera för etapp 2 fortfarande 2025-03-31

  @seed003 @R13 @medges
  Scenario: En återupptagen kommun får sina ärvda datum flyttade men etappen behåller sina
    Givet projektägaren har pausat kommunen Borås med skälet "Lokal omorganisation"
    Och dagens datum är 2026-01-22
    När chefsgruppen återupptar kommunen Borås med motiveringen "Ny projektledare på plats" och referensen "CG 2026-01-22 §3"
    Så är återupptagandet registrerat med 10 pausade dagar och flyttade tidsfrister
    Och är tidsfristen phase:initiera för kommunen Borås registrerad som flyttad från 2023-03-31 till 2023-04-10
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
    När regionstyrelsen återupptar etapp 1 med motiveringen "Leverantören åtgärdar" och referensen "RS 2026-01-29 §2"
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
    Och regionstyrelsen återupptar etapp 2 med motiveringen "Styrgruppens beslut" och referensen "RS 2026-01-12 §1"
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

  @s1.6 @s3.1 @R13 @nekas
  Scenario: Chefsgruppen flyttar inte en VGR-etapps datum genom att återuppta den
    Givet chefsgruppen har pausat etapp 2 med skälet "Leverantören åtgärdar brister"
    Och dagens datum är 2026-01-22
    När chefsgruppen återupptar etapp 2 med motiveringen "Klart" och referensen "CG 2026-01-22 §2"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "beslutas av regionstyrelse"
    Och ingenting registreras

  @s1.6 @R13 @nekas
  Scenario: Ett återupptagande som flyttar datum ändrar tid och behöver motivering
    Givet chefsgruppen har pausat etapp 2 med skälet "Leverantören åtgärdar brister"
    Och dagens datum är 2026-01-22
    När regionstyrelsen återupptar etapp 2 och referensen "RS 2026-01-22 §1"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "ändrar tid" och "--rationale"
    Och ingenting registreras

  @s1.6 @R13 @medges
  Scenario: Ett återupptagande utan flyttade datum ändrar inte tid
    Givet chefsgruppen har pausat etapp 2 med skälet "Leverantören åtgärdar brister"
    Och dagens datum är 2026-01-22
    När programstyrgruppen återupptar etapp 2 utan att flytta tidsfristerna
    Så är återupptagandet registrerat med 10 pausade dagar men utan flyttade tidsfrister
    Och återupptagandet påverkar målen ingen

  @s1.6 @s5.4 @seed002 @R13 @nekas
  Scenario: Chefsgruppen beslutar först från direktiv v3.0
    Givet dagens datum är 2024-01-10
    Och projektägaren har pausat kommunen Borås med skälet "Lokal omorganisation"
    Och dagens datum är 2024-03-01
    När chefsgruppen återupptar kommunen Borås med motiveringen "Klart" och referensen "CG 2024-03-01 §1"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "endast från 2024-04-23" och "ssvit"
    Och ingenting registreras

  @s1.6 @seed002 @R13 @medges
  Scenario: SSVIT beslutade om kommunernas tid under direktiv v1.0
    Givet dagens datum är 2024-01-10
    Och projektägaren har pausat kommunen Borås med skälet "Lokal omorganisation"
    Och dagens datum är 2024-03-01
    När SSVIT återupptar kommunen Borås med motiveringen "Klart" och referensen "SSVIT 2024-03-01 §1"
    Så är återupptagandet registrerat med 51 pausade dagar och flyttade tidsfrister
    Och återupptagandet påverkar målet tid

  @s3.1 @s6.1 @R13 @nekas
  Scenario: Ett återupptagande som flyttar datum efter programmets slut vägras utan uttryckligt beslut
    Givet projektägaren har pausat programmet med skälet "Paus"
    Och dagens datum är 2026-09-01
    När regionstyrelsen återupptar programmet med motiveringen "Åtgärderna är klara" och referensen "RS 2026-09-01 §3"
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "programmets slut, kvartal två 2027" och "--beyond-programme-end"
    Och ingenting registreras

  @s3.1 @s6.1 @R13 @medges
  Scenario: Regionstyrelsen beslutar uttryckligen att återuppta förbi programmets slut och varnas
    Givet projektägaren har pausat programmet med skälet "Paus"
    Och dagens datum är 2026-09-01
    När regionstyrelsen återupptar programmet bortom programmets slut med motiveringen "Åtgärderna är klara" och referensen "RS 2026-09-01 §3"
    Så är återupptagandet registrerat med 232 pausade dagar och flyttade tidsfrister
    Och återupptagandet är registrerat med varningen "programmets slut, kvartal två 2027 (2027-06-30, §3.1): etapp-4 phase:stanga 2027-11-18"
    Och slutar fasen Stänga för etapp 4 2027-11-18

  @s3.1 @R13 @nekas
  Scenario: Chefsgruppen har inte mandat att flytta en kommuns datum förbi programmets slut
    Givet projektägaren har pausat kommunen Borås med skälet "Lokal omorganisation"
    Och dagens datum är 2028-06-01
    När chefsgruppen återupptar kommunen Borås bortom programmets slut med motiveringen "Klart" och referensen "CG 2028-06-01 §1"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "beslutas av regionstyrelse, inte av chefsgrupp"
    Och ingenting registreras

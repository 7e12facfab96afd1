# language: sv
Egenskap: Omplanering av en etapps datum
  Förändringar som påverkar måluppfyllnaden (kvalitet, tid och kostnad)
  beslutas av det organ som har mandatet och registreras med motivering och
  med de mål de påverkar (§1.6). Etappernas datum är programmets tidplan, som
  gäller för alla ingående projekt (§3.1); Regionstyrelsen beslutade den
  2022-05-17 (seeds/004), så en etapps datum flyttas av Regionstyrelsen, inte
  av kommunernas Chefsgrupp. Kommunerna ärver sin etapps datum. Inget datum
  flyttas förbi programmets slut (kvartal två 2027, §3.1) eller finansieringen
  (2019–2027, §6.1) utan att beslutet säger det uttryckligen.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s1.6 @s3.1 @R11 @medges
  Scenario: Regionstyrelsen flyttar en etapps datum med motivering och de mål det påverkar
    När regionstyrelsen flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 med motiveringen "Tid före kostnad enligt §1.6" och referensen "RS 2025-12-04 §7" och påverkan på tid och kostnad
    Så slutar fasen Godkänna för etapp 2 2026-06-16
    Och slutar fasen Godkänna för kommunen Åmål 2026-06-16
    Och omplaneringen är registrerad från 2026-04-21 till 2026-06-16 av regionstyrelse med motiveringen "Tid före kostnad enligt §1.6"
    Och omplaneringen påverkar målen tid och kostnad

  @s1.6 @R11 @medges
  Scenario: En omplanering registreras i efterhand med sin beslutsdag
    När regionstyrelsen i efterhand registrerar att slutet av fasen Stänga för etapp 4 flyttades 2025-11-20 till 2027-06-30 med motiveringen "Göteborg är mest komplext"
    Så slutar fasen Stänga för etapp 4 2027-06-30
    Och omplaneringen gäller från 2025-11-20
    Och omplaneringen påverkar målet tid

  @s1.6 @R11 @nekas
  Scenario: Utan motivering flyttas inget datum
    När regionstyrelsen flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 utan motivering
    Så nekas det som felaktig uppgift
    Och beskedet nämner "motivering"
    Och ingenting registreras

  @s1.6 @R11 @nekas
  Scenario: En omplanering flyttar ett datum och påverkar därför alltid målet tid
    När regionstyrelsen flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 med motiveringen "Bättre test" och referensen "RS 2025-12-04 §7" och påverkan på kvalitet
    Så nekas det som felaktig uppgift
    Och beskedet nämner "måste innehålla tid"
    Och ingenting registreras

  @s1.6 @s3.1 @R11 @nekas
  Scenario: Chefsgruppen flyttar inte en VGR-etapps datum
    När chefsgruppen flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 med motiveringen "Vi vill" och referensen "CG 2025-12-04 §7"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "beslutas av regionstyrelse"
    Och ingenting registreras

  @s1.6 @s3.1 @R11 @nekas
  Scenario: Bara den som sitter i Regionstyrelsen registrerar dess beslut
    När huvudprojektledaren i Regionstyrelsens namn flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 med motiveringen "Brådskande"
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "inte ledamot i regionstyrelse"
    Och ingenting registreras

  @s1.6 @s5.4 @R13 @R15 @medges
  Scenario: Huvudprojektledaren som sitter i Chefsgruppen registrerar dess beslut
    Givet huvudprojektledaren också sitter i Chefsgruppen
    Och projektägaren har pausat kommunen Borås med skälet "Lokal omorganisation"
    När huvudprojektledaren i Chefsgruppens namn återupptar kommunen Borås med motiveringen "Ny projektledare på plats" och referensen "CG 2026-01-12 §7"
    Så beslutet registrerades av huvudprojektledaren som ledamot i chefsgrupp

  @s1.6 @s5.4 @R13 @R15 @nekas
  Scenario: En huvudprojektledare utan plats i Chefsgruppen registrerar inte dess beslut
    Givet projektägaren har pausat kommunen Borås med skälet "Lokal omorganisation"
    När huvudprojektledaren i Chefsgruppens namn återupptar kommunen Borås med motiveringen "Ny projektledare på plats" och referensen "CG 2026-01-12 §7"
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "inte ledamot i chefsgrupp"
    Och ingenting registreras

  @s1.6 @R11 @nekas
  Scenario: En kommun ärver sin etapps datum och planeras inte om för sig
    När regionstyrelsen flyttar slutet av fasen Godkänna för kommunen Borås till 2024-12-10 med motiveringen "Sen start"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "planera om etapp-1"
    Och ingenting registreras

  @s1.6 @R11 @nekas
  Scenario: Planen hålls i fasordning
    När regionstyrelsen flyttar slutet av fasen Acceptera för etapp 2 till 2026-05-01 med motiveringen "Längre test"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "planera om godkanna först"
    Och ingenting registreras

  @s1.6 @R11 @nekas
  Scenario: En fas som etappen har lämnat planeras inte om
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    När regionstyrelsen flyttar slutet av fasen Initiera för etapp 1 till 2023-06-30 med motiveringen "Efterhandsjustering"
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "redan lämnat initiera"
    Och ingenting registreras

  @s3.1 @s6.1 @R11 @nekas
  Scenario: Ett datum efter programmets slut flyttas inte utan uttryckligt beslut
    När regionstyrelsen flyttar slutet av fasen Stänga för etapp 4 till 2027-09-30 med motiveringen "Göteborg behöver mer tid" och referensen "RS 2026-05-12 §4"
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "programmets slut, kvartal två 2027" och "--beyond-programme-end"
    Och ingenting registreras

  @s3.1 @s6.1 @R11 @medges
  Scenario: Regionstyrelsen beslutar uttryckligen att flytta ett datum efter programmets slut och varnas
    När regionstyrelsen flyttar slutet av fasen Stänga för etapp 4 till 2028-01-31 bortom programmets slut med motiveringen "Göteborg behöver mer tid" och referensen "RS 2026-05-12 §4"
    Så slutar fasen Stänga för etapp 4 2028-01-31
    Och omplaneringen är registrerad med varningen "programmets slut, kvartal två 2027 (2027-06-30, §3.1)"
    Och omplaneringen är registrerad med varningen "VästKoms finansiering 2019–2027 (2027-12-31, §6.1)"

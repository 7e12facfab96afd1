# language: sv
Egenskap: Omplanering av en etapps datum
  Förändringar som påverkar måluppfyllnaden, som att flytta en etapps datum,
  beslutas av Chefsgruppen och registreras med motivering. Vid målkonflikt
  gäller kvalitet 30 %, tid 50 % och kostnad 20 % (§1.6). Kommunerna ärver
  sin etapps datum.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s1.6 @R11 @medges
  Scenario: Chefsgruppen flyttar en etapps datum med motivering
    När chefsgruppen flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 med motiveringen "Tid före kostnad enligt §1.6" och referensen "CG 2025-12-04 §7"
    Så slutar fasen Godkänna för etapp 2 2026-06-16
    Och slutar fasen Godkänna för kommunen Åmål 2026-06-16
    Och omplaneringen är registrerad från 2026-04-21 till 2026-06-16 av chefsgrupp med motiveringen "Tid före kostnad enligt §1.6"
    Och omplaneringen bär prioriteringarna kvalitet 30, tid 50 och kostnad 20

  @s1.6 @R11 @medges
  Scenario: En omplanering registreras i efterhand med sin beslutsdag
    När chefsgruppen i efterhand registrerar att slutet av fasen Stänga för etapp 4 flyttades 2025-11-20 till 2027-06-30 med motiveringen "Göteborg är mest komplext"
    Så slutar fasen Stänga för etapp 4 2027-06-30
    Och omplaneringen gäller från 2025-11-20

  @s1.6 @R11 @nekas
  Scenario: Utan motivering flyttas inget datum
    När chefsgruppen flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 utan motivering
    Så nekas det som felaktig uppgift
    Och beskedet nämner "motivering"
    Och ingenting registreras

  @s1.6 @R11 @nekas
  Scenario: Ett annat organ än Chefsgruppen flyttar inte datum
    När programstyrgruppen flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 med motiveringen "Vi vill"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "beslutas av chefsgrupp"
    Och ingenting registreras

  @s1.6 @s5.4 @R11 @R15 @medges
  Scenario: Huvudprojektledaren som sitter i Chefsgruppen registrerar dess beslut
    Givet huvudprojektledaren också sitter i Chefsgruppen
    När huvudprojektledaren i Chefsgruppens namn flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 med motiveringen "Brådskande" och referensen "CG 2025-12-04 §7"
    Så omplaneringen är registrerad från 2026-04-21 till 2026-06-16 av chefsgrupp med motiveringen "Brådskande"
    Och beslutet registrerades av huvudprojektledaren som ledamot i chefsgrupp

  @s1.6 @s5.4 @R11 @R15 @nekas
  Scenario: En huvudprojektledare utan plats i Chefsgruppen registrerar inte dess beslut
    När huvudprojektledaren i Chefsgruppens namn flyttar slutet av fasen Godkänna för etapp 2 till 2026-06-16 med motiveringen "Brådskande" och referensen "CG 2025-12-04 §7"
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "inte ledamot i chefsgrupp"
    Och ingenting registreras

  @s1.6 @R11 @nekas
  Scenario: En kommun ärver sin etapps datum och planeras inte om för sig
    När chefsgruppen flyttar slutet av fasen Godkänna för kommunen Borås till 2024-12-10 med motiveringen "Sen start"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "planera om etapp-1"
    Och ingenting registreras

  @s1.6 @R11 @nekas
  Scenario: Planen hålls i fasordning
    När chefsgruppen flyttar slutet av fasen Acceptera för etapp 2 till 2026-05-01 med motiveringen "Längre test"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "planera om godkanna först"
    Och ingenting registreras

  @s1.6 @R11 @nekas
  Scenario: En fas som etappen har lämnat planeras inte om
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    När chefsgruppen flyttar slutet av fasen Initiera för etapp 1 till 2023-06-30 med motiveringen "Efterhandsjustering"
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "redan lämnat initiera"
    Och ingenting registreras

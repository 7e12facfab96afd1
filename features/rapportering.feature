# language: sv
Egenskap: Statusrapportering från fastställd mall
  Huvudprojektledaren rapporterar status regelbundet till programkontoret,
  VästKoms styrelse och Chefsgruppen, från en fastställd mall (§7.1), och
  följer upp kommunernas implementation (§4.2). Rapporten har samma fält för
  programmet, varje etapp och varje kommun: 54 rader.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s7.1 @s4.2 @R14 @medges
  Scenario: Statusrapporten har samma fält för programmet, varje etapp och varje kommun
    När revisorn tar fram statusrapporten
    Så har statusrapporten 54 rader: programmet, 4 etapper och 49 kommuner
    Och har varje rad fälten "id", "kind", "name", "phase", "paused", "paused_by", "wave" och "next_deadline"
    Och rapporterar programmet att det inte är driftsatt

  @s7.1 @R14 @medges
  Scenario: Statusrapporten för en etapp visar etappen och dess kommuner
    När revisorn tar fram statusrapporten för etapp 1
    Så har statusrapporten 9 rader
    Och har varje rad fälten "id", "kind", "name", "phase", "paused", "paused_by", "wave" och "next_deadline"

  @s7.1 @seed003 @R13 @R14 @medges
  Scenario: Statusrapporten visar pausen och varifrån den kommer
    Givet projektägaren har pausat programmet med skälet "Paus"
    När revisorn tar fram statusrapporten
    Så är varje rad pausad genom programmet

  @s7.1 @R14 @medges
  Scenario: Statusrapporten kan tas fram som den såg ut vid en tidigare tidpunkt
    Givet dagens datum är 2026-02-02
    Och programmets milstolpar är beslutade
    Och etapp 1 och dess kommuner står i fasen Designa-bygga-validera
    När revisorn tar fram statusrapporten som den var 2026-01-31
    Så står etapp 1 i fasen Initiera i rapporten

  @s7.1 @R14 @nekas
  Scenario: Statusrapport för en okänd etapp vägras
    När revisorn tar fram statusrapporten för etapp 9
    Så nekas det eftersom "etapp-9" är okänt

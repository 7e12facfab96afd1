# language: sv
Egenskap: När det hände och när det registrerades
  Programkontoret registrerar på måndagen vad programstyrgruppen beslutade på
  fredagen. Varje registrering bär två tidpunkter: när det hände (som den som
  registrerar anger) och när det skrevs i loggen (systemets klocka). Beslut ska
  vara dokumenterade på överenskommet sätt (§3.4): en revisor kan fråga både vad
  som var beslutat vid en tidpunkt och vad loggen visste då. Det som registreras
  i efterhand dateras aldrig före etappens eller kommunens föregående händelse
  och aldrig i framtiden. En dag utan klockslag läses som dagens början, eller
  efter det som redan är registrerat samma dag.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s3.4 @R5 @medges
  Scenario: Programstyrgruppens beslut på fredagen registreras på måndagen med sin beslutsdag
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    Och dagens datum är 2026-01-19 09:00
    Och programledningen i efterhand har registrerat att acceptansen för etapp 1 bereddes 2026-01-16 10:00
    När programstyrgruppen i efterhand registrerar att etapp 1 accepterades dagen 2026-01-16
    Så är acceptansen för etapp 1 beslutad
    Och beslutet hände 2026-01-16 10:00 och registrerades 2026-01-19 09:00

  @s3.4 @R5 @medges
  Scenario: Revisorn ser både vad som var beslutat och vad loggen visste vid en tidpunkt
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    Och programledningen har berett acceptansen för etapp 1
    Och dagens datum är 2026-01-19 09:00
    När programstyrgruppen i efterhand registrerar att etapp 1 accepterades 2026-01-16 14:00
    Så är acceptansen för etapp 1 beslutad enligt det som hade hänt 2026-01-17
    Men är acceptansen för etapp 1 beredd enligt det som loggen visste 2026-01-17

  @s3.4 @R5 @nekas
  Scenario: Ett beslut dateras inte före etappens föregående händelse
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    Och programledningen har berett acceptansen för etapp 1
    När programstyrgruppen i efterhand registrerar att etapp 1 accepterades 2026-01-09 14:00
    Så nekas det som felaktig uppgift
    Och beskedet nämner "2026-01-09 14:00", "etapp-1" och "2026-01-12 10:00"
    Och ingenting registreras

  @s3.4 @R5 @nekas
  Scenario: Ett beslut dateras inte i framtiden
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    Och programledningen har berett acceptansen för etapp 1
    När programstyrgruppen i efterhand registrerar att etapp 1 accepterades 2026-01-20 14:00
    Så nekas det som felaktig uppgift
    Och beskedet nämner "2026-01-20 14:00"
    Och ingenting registreras

  @s3.2 @s3.4 @R7 @medges
  Scenario: En driftsättning som registreras i efterhand gäller samma tidpunkt för etappen och alla dess kommuner
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    Och programstyrgruppen har beslutat go-live för etapp 1
    Och dagens datum är 2026-01-19 09:00
    När huvudprojektledaren i efterhand registrerar att etapp 1 driftsattes 2026-01-16 08:00
    Så står etapp 1 och alla dess kommuner i fasen Stänga
    Och hände driftsättningen 2026-01-16 08:00 för etappen och alla dess kommuner

  @s3.2 @s3.4 @R7 @nekas
  Scenario: En driftsättning dateras inte före en kommuns senaste händelse
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 utom kommunen Mark har allt underlag för fasen Godkänna
    Och programstyrgruppen har beslutat go-live för etapp 1
    Och dagens datum är 2026-01-15 09:00
    Och kommunen Mark har allt underlag för fasen Godkänna
    Och dagens datum är 2026-01-19 09:00
    När huvudprojektledaren i efterhand registrerar att etapp 1 driftsattes 2026-01-14 16:00
    Så nekas det som felaktig uppgift
    Och beskedet nämner "mark" och "2026-01-15 09:00"
    Och ingenting registreras
    Och står etapp 1 i fasen Godkänna

  @seed003 @s3.4 @R13 @medges
  Scenario: En paus och ett återupptagande som registreras i efterhand flyttar tidsfristerna med pausens verkliga längd
    Givet dagens datum är 2026-03-02 09:00
    Och projektägaren har registrerat att etapp 2 pausades dagen 2026-01-02 med skälet "Styrgruppens beslut"
    När regionstyrelsen registrerar att etapp 2 återupptogs dagen 2026-02-01
    Så är återupptagandet registrerat med 30 pausade dagar och flyttade tidsfrister
    Och slutar fasen Initiera för etapp 2 2025-04-30

  @seed003 @s3.4 @R13 @nekas
  Scenario: En paus dateras inte före etappens föregående händelse
    Givet dagens datum är 2026-03-02 09:00
    Och etapp 2 har registrerat "styrning-upprattad"
    När projektägaren registrerar att etapp 2 pausades dagen 2026-02-27 med skälet "Styrgruppens beslut"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "2026-02-27 00:00", "etapp-2" och "2026-03-02 09:00"
    Och ingenting registreras

# language: sv
Egenskap: Statusrapporten utfärdas, registreras och kan kontrolleras
  Rapporteringen sker regelbundet från en fastställd mall till programkontoret,
  VästKoms styrelse och Chefsgruppen; de lokala projektledarna rapporterar till
  sina kommuner (§7.1). Att en rapport har lämnats, till vem och vad den sade
  registreras i loggen, och den sparade filen kan kontrolleras mot registreringen.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s7.1 @R14 @medges
  Scenario: Huvudprojektledaren utfärdar rapporten till Chefsgruppen och den registreras
    När huvudprojektledaren utfärdar statusrapporten till "chefsgruppen" inför mötet "Chefsgruppen 2026-12-10"
    Så är rapporten registrerad till "chefsgruppen" med mallversion och kontrollsumma
    Och ger statusrapporten som den var vid utfärdandet samma innehåll
    Och godtas den utfärdade rapporten av kontrollen

  @s7.1 @R14 @R13 @medges
  Scenario: Nästa rapport tar upp besluten sedan den förra
    Givet huvudprojektledaren har utfärdat statusrapporten till "chefsgruppen" inför mötet "Chefsgruppen januari"
    Och etapp 2 har pausats med skälet "Resursbrist"
    När huvudprojektledaren utfärdar statusrapporten till "chefsgruppen" inför mötet "Chefsgruppen februari"
    Så omfattar rapporten tiden sedan den förra rapporten till "chefsgruppen"
    Och tar rapporten upp beslutet "pause" för etapp 2

  @s7.1 @R14 @medges
  Scenario: Projektledaren i Borås rapporterar till den egna kommunen
    När projektledaren i Borås utfärdar statusrapporten till "boras" inför mötet "Kommunstyrelsen i Borås"
    Så tar rapporten bara upp programmet, etapp 1 och kommunen Borås

  @s7.1 @R14 @medges
  Scenario: En försenad rapport larmar som andra tidsfrister
    Givet huvudprojektledaren har utfärdat statusrapporten till "chefsgruppen" inför mötet "Chefsgruppen januari"
    När 40 dagar går utan ny rapport till "chefsgruppen"
    Så larmar tidsfristen för nästa rapport till "chefsgruppen"

  @s7.1 @R14 @nekas
  Scenario: En ändrad rapportfil underkänns av kontrollen
    Givet huvudprojektledaren har utfärdat statusrapporten till "chefsgruppen" inför mötet "Chefsgruppen 2026-12-10"
    När den utfärdade rapporten ändras och kontrolleras
    Så underkänns rapporten som ändrad
    Och ingenting registreras

  @s7.1 @R14 @nekas
  Scenario: Revisorn utfärdar ingen rapport
    När revisorn utfärdar statusrapporten till "chefsgruppen" inför mötet "Chefsgruppen 2026-12-10"
    Så nekas det eftersom aktören saknar behörighet
    Och ingenting registreras

  @s7.1 @R14 @nekas
  Scenario: Projektledaren i Borås utfärdar inte en annan kommuns rapport
    När projektledaren i Borås utfärdar statusrapporten till "mark" inför mötet "Kommunstyrelsen i Mark"
    Så nekas det eftersom aktören saknar behörighet
    Och ingenting registreras

  @s7.1 @R14 @nekas
  Scenario: En rapport utan möte vägras
    När huvudprojektledaren utfärdar statusrapporten till "chefsgruppen" inför mötet " "
    Så nekas det som felaktig uppgift
    Och ingenting registreras

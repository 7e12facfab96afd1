# language: sv
Egenskap: Vem får göra vad
  Beslutsbefogenheterna är data i arbetsflödet (§5): varje underlag,
  varje beslut och varje fasövergång namnger de roller som får registrera
  den. En person har flera roller och sitter i flera organ (§5.4, §5.8);
  ett organs beslut registreras bara av en ledamot, den som har organets
  roll. Administratören administrerar behörigheterna (§5.8), inte
  programkontoret. Kommunens projektledare agerar bara för sin egen kommun,
  och revisorn läser men skriver inget.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s5.8 @R3 @medges
  Scenario: Kommunens projektledare registrerar för sin egen kommun
    När projektledaren i Borås registrerar "genomforandeplan" för kommunen Borås
    Så är "genomforandeplan" registrerat för kommunen Borås

  @s5.8 @R3 @nekas
  Scenario: Kommunens projektledare registrerar inte för en annan kommun
    När projektledaren i Borås registrerar "genomforandeplan" för kommunen Mark
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "agerar bara för boras"
    Och ingenting registreras

  @s5 @R1 @nekas
  Scenario: Projektägaren för inte faser vidare
    Givet programmets milstolpar är beslutade
    Och etapp 1 har allt underlag för fasen Initiera
    När projektägaren för etapp 1 vidare
    Så nekas det eftersom aktören saknar behörighet
    Och ingenting registreras

  @s5 @R1 @nekas
  Scenario: En okänd person gör ingenting
    När en okänd person för etapp 1 vidare
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "okänd aktör"
    Och ingenting registreras

  @s3.4 @R5 @nekas
  Scenario: Bara den som har programstyrgruppens roll registrerar dess acceptansbeslut
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    Och programledningen har berett acceptansen för etapp 1
    När huvudprojektledaren i programstyrgruppens namn accepterar etapp 1
    Så nekas det eftersom aktören saknar behörighet
    Och ingenting registreras

  @s3.4 @R5 @nekas
  Scenario: Programledningen bereder acceptansen men beslutar den inte
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    Och programledningen har berett acceptansen för etapp 1
    När programledningen accepterar etapp 1
    Så nekas det som felaktig uppgift
    Och beskedet nämner "beslutas av programstyrgrupp"
    Och ingenting registreras

  @s5 @seed003 @R13 @nekas
  Scenario: Huvudprojektledaren pausar inte programmet
    När huvudprojektledaren pausar programmet med skälet "Egen bedömning"
    Så nekas det eftersom aktören saknar behörighet
    Och ingenting registreras

  @s5 @seed003 @R13 @medges
  Scenario: Programstyrgruppen pausar programmet
    När programstyrgruppen pausar programmet med skälet "Styrgruppsbeslut"
    Så är etapp 1 pausad genom programmet

  @s7.1 @R14 @nekas
  Scenario: Revisorn läser men registrerar inget
    När revisorn registrerar "direktiv-beslutat" för programmet
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "läser bara"
    Och ingenting registreras

  @s5.8 @R15 @medges
  Scenario: Administratören ger huvudprojektledaren en plats i Chefsgruppen
    När administratören ger huvudprojektledaren rollen chefsgrupp
    Så har huvudprojektledaren rollerna "huvudprojektledare" och "chefsgrupp"
    Och sitter huvudprojektledaren i Chefsgruppen
    Och stämmer aktörerna när loggen spelas upp på nytt

  @s5.8 @R15 @medges
  Scenario: Administratören tar tillbaka en roll
    Givet huvudprojektledaren också sitter i Chefsgruppen
    När administratören tar tillbaka rollen chefsgrupp från huvudprojektledaren
    Så har huvudprojektledaren rollerna "huvudprojektledare"
    Och stämmer aktörerna när loggen spelas upp på nytt

  @s5.8 @R15 @nekas
  Scenario: Programkontoret registrerar inga aktörer
    När programkontoret registrerar aktören "eva" med rollen revisor
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "tillåtna roller: administrator"
    Och ingenting registreras

  @s5.8 @R15 @nekas
  Scenario: Programkontoret ger ingen en plats i ett organ
    När programkontoret ger huvudprojektledaren rollen chefsgrupp
    Så nekas det eftersom aktören saknar behörighet
    Och ingenting registreras

  @s5.8 @s4.1 @R3 @nekas
  Scenario: Kommunens projektledare registrerar inte sin egen utnämning
    När projektledaren i Borås registrerar "inforandeansvarig-utsedd" för kommunen Borås med referensen "KS Borås 2024-01-15 §12"
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "tillåtna roller: delprojektledare, huvudprojektledare"
    Och ingenting registreras

  @s5.8 @s4.1 @R3 @medges
  Scenario: Delprojektledaren registrerar kommunens beslut om införandeansvarig
    När delprojektledaren registrerar "inforandeansvarig-utsedd" för kommunen Borås med referensen "KS Borås 2024-01-15 §12"
    Så är "inforandeansvarig-utsedd" registrerat för kommunen Borås med referensen "KS Borås 2024-01-15 §12"

# language: sv
Egenskap: En försenad tidsfrist eskaleras till den som äger den
  Eskaleringen går till tidsfristens ägare så som arbetsflödets data anger
  (`[[escalation]]`), inte till ett och samma organ för allt. En åtgärdsfrist
  efter ett avslag löper under VGR:s avtal med leverantören och hör till
  programledningen och programstyrgruppen (§3.4). En kommuns fasdatum hör
  först till delprojektledaren och till koordinatorn i kommunens
  kommunalförbund (§2.2 "delregionalt", §5.8 "en koordinator för varje
  område"). En etapps fasdatum är programmets tidplan och går till
  programledningen (§3.1, §3.4).

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s3.4 @R17 @medges
  Scenario: En försenad åtgärdsfrist eskaleras till programledningen och programstyrgruppen
    Givet etapp 1 och dess kommuner står i fasen Acceptera
    Och dagens datum är 2026-01-19
    Och etapp 1 har fått avslag med 12 fel och åtgärdsfrist 2026-02-16
    När tidsfristerna kontrolleras 2026-02-27
    Så eskaleras åtgärdsfristen för etapp 1 till "programledning, programstyrgrupp"
    Och larmets text slutar med "eskaleras till programledning, programstyrgrupp"

  @s2.2 @s5.8 @R17 @medges
  Scenario: En kommuns försenade fas eskaleras till delprojektledaren och koordinatorn i kommunalförbundet
    När tidsfristerna kontrolleras 2025-04-10
    Så eskaleras fasen Initiera för kommunen Borås till "delprojektledare, koordinator i Sjuhärad"
    Och eskaleras fasen Initiera för kommunen Vänersborg till "delprojektledare, koordinator i Fyrbodal"
    Och eskaleras fasen Initiera för etapp 1 till "programledning"
    Men ingen tidsfrist eskaleras till "chefsgrupp"

  @s2.2 @s3.4 @R17 @nekas
  Scenario: En eskalering till någon som varken är en roll eller ett organ godtas inte
    När arbetsflödet läses med en eskalering av fasdatum till "kommunstyrelsen"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "kommunstyrelsen" och "varken en roll eller ett organ"
    Och ingenting registreras

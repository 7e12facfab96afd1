# language: sv
Egenskap: Faserna passeras i ordning med sina villkor
  Varje etapp och varje kommun går igenom Initiera, Designa-bygga-validera,
  Acceptera, Godkänna och Stänga i ordning (§3.3). En fas lämnas först när
  det som fasen kräver är registrerat; när något saknas säger etapp vad.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s3.3 @R1 @medges
  Scenario: En etapp går till nästa fas när villkoren är uppfyllda
    Givet programmets milstolpar är beslutade
    Och etapp 1 har allt underlag för fasen Initiera
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 i fasen Designa-bygga-validera

  @s3.3 @R1 @nekas
  Scenario: En fas kan inte hoppas över
    Givet programmets milstolpar är beslutade
    Och etapp 1 har allt underlag för fasen Initiera
    När huvudprojektledaren för etapp 1 vidare till fasen Acceptera
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "faserna passeras i tur och ordning"
    Och ingenting registreras
    Och står etapp 1 i fasen Initiera

  @s3.3 @R1 @nekas
  Scenario: En avslutad etapp har ingen fas efter Avslutad
    Givet etapp 1 och dess kommuner står i fasen Avslutad
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "sista fasen"
    Och ingenting registreras

  @s3.3 @R2 @nekas
  Scenario: Etapp 1 lämnar inte Initiera utan styrning, kontraktsgranskning och tidplan
    Givet programmets milstolpar är beslutade
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "styrning-upprattad", "kontraktsomfattning-granskad" och "tidplan-satt"
    Och ingenting registreras

  @s3.3 @R2 @nekas
  Scenario: En utrullningsetapp behöver också granskad utbildningsstrategi och identifierade intressenter
    Givet etapp 2 har registrerat "styrning-upprattad", "kontraktsomfattning-granskad" och "tidplan-satt"
    När huvudprojektledaren för etapp 2 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "lardomar-inarbetade", "utbildningsstrategi-granskad", "enhetsanalys-klar" och "intressenter-identifierade"

  @s3.3 @R2 @nekas
  Scenario: En utrullningsetapp väntar på pilotens lärdomar
    Givet etapp 2 har allt underlag för fasen Initiera
    När huvudprojektledaren för etapp 2 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "etapp-1: lardomar-dokumenterade"
    Och ingenting registreras

  @s3.3 @R2 @medges
  Scenario: En utrullningsetapp lämnar Initiera när pilotens lärdomar är dokumenterade
    Givet etapp 1 och dess kommuner står i fasen Stänga
    Och etapp 1 har registrerat "lardomar-dokumenterade"
    Och etapp 2 har allt underlag för fasen Initiera
    När huvudprojektledaren för etapp 2 vidare
    Så står etapp 2 i fasen Designa-bygga-validera

  @s3.3 @R2 @medges
  Scenario: Etapp 3 lämnar Initiera med pilotens lärdomar fast etapp 2 ännu inte är driftsatt
    # Standardplanen: etapp 3 lämnar Initiera 2025-03-31, etapp 2 driftsätts först 2026-04-21.
    Givet etapp 1 och dess kommuner står i fasen Stänga
    Och etapp 1 har registrerat "lardomar-dokumenterade"
    Och etapp 3 har allt underlag för fasen Initiera
    När huvudprojektledaren för etapp 3 vidare
    Så står etapp 3 i fasen Designa-bygga-validera
    Och står etapp 2 i fasen Initiera

  @s3.3 @R2 @nekas
  Scenario: En utrullningsetapp väntar också på lärdomarna från varje etapp som redan driftsatts
    Givet etapp 2 och dess kommuner står i fasen Stänga
    Och etapp 4 har allt underlag för fasen Initiera
    När huvudprojektledaren för etapp 4 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "etapp-2: lardomar-dokumenterade"
    Men beskedet nämner inte "etapp-3"
    Och ingenting registreras

  @s1.5 @s2.2 @s5.8 @R3 @nekas
  Scenario: En kommun lämnar inte Initiera utan införandeansvarig och planer
    När projektledaren i Borås för kommunen Borås vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "inforandeansvarig-utsedd", "genomforandeplan" och "utbildningsplan"
    Och ingenting registreras

  @s1.5 @s2.2 @s5.8 @R3 @nekas
  Scenario: En kommun utan plan för att utbilda all berörd personal stannar i Initiera
    Givet kommunen Borås har registrerat "inforandeansvarig-utsedd" och "genomforandeplan"
    När projektledaren i Borås för kommunen Borås vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "utbildningsplan"

  @s1.5 @s2.2 @s5.8 @R3 @medges
  Scenario: En kommun med utsedd införandeansvarig och planer lämnar Initiera efter sin etapp
    Givet etapp 1 har lämnat fasen Initiera
    Och kommunen Borås har allt underlag för fasen Initiera
    När projektledaren i Borås för kommunen Borås vidare
    Så står kommunen Borås i fasen Designa-bygga-validera

  @s3.3 @R4 @nekas
  Scenario: Etapp 1 lämnar inte Designa-bygga-validera utan systemtest
    Givet etapp 1 och dess kommuner står i fasen Designa-bygga-validera
    Och etapp 1 har registrerat "arbetsfloden-validerade"
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "systemtest-godkant"
    Och ingenting registreras

  @s3.3 @R4 @nekas
  Scenario: En utrullningsetapp behöver också testad enhets- och infrastrukturberedskap
    Givet etapp 2 och dess kommuner står i fasen Designa-bygga-validera
    Och etapp 2 har registrerat "arbetsfloden-validerade" och "systemtest-godkant"
    När huvudprojektledaren för etapp 2 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "regional-anpassning", "enhetsberedskap-testad" och "infrastrukturberedskap-testad"

  @s3.3 @R4 @medges
  Scenario: Etapp 1 med validerade arbetsflöden och godkänt systemtest går till Acceptera
    Givet etapp 1 och dess kommuner står i fasen Designa-bygga-validera
    Och etapp 1 har allt underlag för fasen Designa-bygga-validera
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 i fasen Acceptera

  @s4.1 @s4.2 @R12 @nekas
  Scenario: Första etappen väntar på direktiv, projektplan och kommunikationsplan
    Givet etapp 1 har allt underlag för fasen Initiera
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "programme: direktiv-beslutat", "programme: projektplan-beslutad" och "programme: kommunikationsplan-beslutad"
    Och ingenting registreras

  @s4.1 @s4.2 @R12 @nekas
  Scenario: En beslutad projektplan räcker inte utan kommunikationsplan
    Givet programmet har registrerat "direktiv-beslutat" och "projektplan-beslutad"
    Och etapp 1 har allt underlag för fasen Initiera
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "programme: kommunikationsplan-beslutad"

  @s4.1 @s4.2 @R12 @medges
  Scenario: Första etappen lämnar Initiera när programmets milstolpar är beslutade
    Givet programmet har registrerat "direktiv-beslutat", "projektplan-beslutad" och "kommunikationsplan-beslutad"
    Och etapp 1 har allt underlag för fasen Initiera
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 i fasen Designa-bygga-validera

  @s4.1 @s3.4 @R12 @medges
  Scenario: Ett beslutat direktiv registreras med sitt dokument
    När projektägaren registrerar "direktiv-beslutat" för programmet med referensen "VästKoms styrelse 2019-06-18 §15"
    Så är "direktiv-beslutat" registrerat för programmet med referensen "VästKoms styrelse 2019-06-18 §15"

  @s4.1 @s3.4 @R12 @nekas
  Scenario: Ett beslutat direktiv registreras inte utan sitt dokument
    När projektägaren registrerar "direktiv-beslutat" för programmet utan referens
    Så nekas det som felaktig uppgift
    Och beskedet nämner "direktiv-beslutat (Projektdirektivet beslutat) behöver sitt dokument"
    Och ingenting registreras

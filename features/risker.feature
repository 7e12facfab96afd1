# language: sv
Egenskap: Risker och problem
  Riskhanteringen följer programmets rutin (§7.2): varje risk hör till
  programmet, en etapp eller en kommun och har sannolikhet och konsekvens
  (1–5), en ägare, en åtgärd och en åtgärdsfrist. Poängen är sannolikhet
  gånger konsekvens: 1–5 låg, 6–12 medel, 15–25 hög. En risk som har
  inträffat är ett problem med egen åtgärd och frist. En etapp driftsätts
  inte över en öppen hög risk som organet med mandatet över måluppfyllnaden
  (§1.6) inte har accepterat med sin avvägning mellan
  kvalitet, tid och kostnad. Så blir valet att sätta tid före kvalitet ett
  beslut som går att granska. Mandatet är arbetsflödets data: Chefsgruppen
  från direktiv v3.0 (2024-04-23), SSVIT under direktiv v1.0 (seeds/002).
  En försenad åtgärd eskaleras till det organ ägaren sitter i, annars till
  organet med riskmandatet den dagen.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner
    Och dagens datum är 2026-01-12

  @s7.2 @R16 @medges
  Scenario: En risk registreras med poäng, nivå och ägare
    När huvudprojektledaren registrerar risken "Nyckelpersoner slutar" för etapp 1 med sannolikhet 4 och konsekvens 5, ägare programledningen och åtgärdsfrist 2026-03-02
    Så har risken R-1 poängen 20 och nivån "high"
    Och ägs risken R-1 av programledningen
    Och är risken R-1 öppen i registret

  @s7.2 @R16 @nekas
  Scenariomall: En risk med felaktig uppgift registreras inte
    När huvudprojektledaren registrerar risken <titel> för kommunen Borås med sannolikhet <s> och konsekvens <k>, ägare <ägare>
    Så nekas det <hur>
    Och ingenting registreras

    Exempel:
      | titel                        | s | k | ägare               | hur                               |
      | "Integrationen blir sen"     | 6 | 3 | huvudprojektledaren | som felaktig uppgift              |
      | "Integrationen blir sen"     | 3 | 0 | huvudprojektledaren | som felaktig uppgift              |
      | "Integrationen blir sen"     | 3 | 3 | en okänd person     | eftersom "okand" är okänt         |
      | en titel på 10000 tecken     | 3 | 3 | huvudprojektledaren | som felaktig uppgift              |
      | en titel med ett styrtecken  | 3 | 3 | huvudprojektledaren | som felaktig uppgift              |

  @s7.2 @s1.6 @R16 @R7 @nekas
  Scenario: En oaccepterad hög risk stoppar driftsättningen och nämns i beskedet
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    Och programstyrgruppen har beslutat go-live för etapp 1
    Och huvudprojektledaren har registrerat risken "Journalintegrationen är inte klar" för kommunen Borås med sannolikhet 3 och konsekvens 5, ägare huvudprojektledaren
    Och huvudprojektledaren har registrerat risken "Utbildningen halkar efter" för kommunen Mark med sannolikhet 2 och konsekvens 3, ägare huvudprojektledaren
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "R-1 (boras): Journalintegrationen är inte klar" och "inte accepterad av chefsgrupp"
    Men beskedet nämner inte "R-2"
    Och ingenting registreras

  @s7.2 @s1.6 @R16 @R7 @medges
  Scenario: Chefsgruppens acceptans med §1.6-avvägningen släpper igenom driftsättningen
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    Och programstyrgruppen har beslutat go-live för etapp 1
    Och huvudprojektledaren har registrerat risken "Journalintegrationen är inte klar" för kommunen Borås med sannolikhet 3 och konsekvens 5, ägare huvudprojektledaren
    Och chefsgruppen i Chefsgruppens namn har accepterat risken R-1 med insatsen "kvalitet", motiveringen "Go-live hålls; manuell rutin under Hyper Care" och referensen "Protokoll CG 2026-01-12 §4"
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 och alla dess kommuner i fasen Stänga
    Och bär acceptansen av risken R-1 vikterna kvalitet 30, tid 50 och kostnad 20 med kvalitet som insats

  @s7.2 @s1.6 @R16 @nekas
  Scenariomall: Bara Chefsgruppen accepterar en risk
    Givet huvudprojektledaren har registrerat risken "Journalintegrationen är inte klar" för etapp 1 med sannolikhet 3 och konsekvens 5, ägare huvudprojektledaren
    När <vem> i <organ> namn accepterar risken R-1 med insatsen "kvalitet", motiveringen "Tiden går före" och referensen "PM 1"
    Så nekas det <hur>
    Och ingenting registreras

    Exempel:
      | vem                 | organ                | hur                                  |
      | huvudprojektledaren | Chefsgruppens        | eftersom aktören saknar behörighet   |
      | programstyrgruppen  | programstyrgruppens  | eftersom aktören saknar behörighet   |
      | revisorn            | Chefsgruppens        | eftersom aktören saknar behörighet   |
      | chefsgruppen        | programstyrgruppens  | som felaktig uppgift                 |

  @s7.2 @R16 @medges
  Scenario: En försenad åtgärd larmar en gång och eskaleras till ägarens organ
    Givet huvudprojektledaren har registrerat risken "Nyckelpersoner slutar" för etapp 1 med sannolikhet 4 och konsekvens 5, ägare programledningen och åtgärdsfrist 2026-03-02
    När tidsfristerna kontrolleras 2026-03-03
    Så larmar risken R-1 på nivån "overdue"
    När tidsfristerna kontrolleras 2026-03-04
    Så larmar risken R-1 inte
    När tidsfristerna kontrolleras 2026-03-10
    Så larmar risken R-1 på nivån "escalated" till "programledning"
    Och har risken R-1 larmat 2 gånger

  @s7.2 @R16 @medges
  Scenario: En risk som har inträffat blir ett problem med egen åtgärd och stängs sedan
    Givet huvudprojektledaren har registrerat risken "Integrationen blir sen" för kommunen Borås med sannolikhet 3 och konsekvens 3, ägare huvudprojektledaren och åtgärdsfrist 2026-04-01
    När huvudprojektledaren registrerar att risken R-1 har inträffat med åtgärden "Manuell överföring" och åtgärdsfrist 2026-02-01
    Så är risken R-1 ett problem med åtgärdsfrist 2026-02-01
    När huvudprojektledaren stänger risken R-1 med referensen "Åtgärdsrapport 2026-02"
    Så är risken R-1 stängd i registret

  @s7.2 @R16 @nekas
  Scenario: En stängd risk stängs inte igen
    Givet huvudprojektledaren har registrerat risken "Integrationen blir sen" för kommunen Borås med sannolikhet 3 och konsekvens 3, ägare huvudprojektledaren
    Och huvudprojektledaren har stängt risken R-1 med referensen "Åtgärdsrapport"
    När huvudprojektledaren stänger risken R-1 med referensen "Igen"
    Så nekas det eftersom det redan är gjort
    Och ingenting registreras

  @s7.2 @R16 @medges
  Scenario: Registret visas som det såg ut vid en tidigare tidpunkt
    Givet huvudprojektledaren har registrerat risken "Nyckelpersoner slutar" för etapp 1 med sannolikhet 4 och konsekvens 5, ägare huvudprojektledaren
    Och dagens datum är 2026-02-01
    Och huvudprojektledaren har registrerat risken "Integrationen blir sen" för kommunen Borås med sannolikhet 3 och konsekvens 3, ägare huvudprojektledaren
    Och huvudprojektledaren har stängt risken R-1 med referensen "Åtgärdsrapport"
    När revisorn läser riskregistret som det såg ut 2026-01-20
    Så är risken R-1 öppen i registret
    Och finns inte risken R-2 i registret
    När revisorn läser riskregistret
    Så är risken R-1 stängd i registret
    Och är risken R-2 öppen i registret

  @s1.6 @s5.4 @seed002 @R16 @nekas
  Scenario: Chefsgruppen accepterar ingen risk före direktiv v3.0
    Givet dagens datum är 2024-03-01
    Och huvudprojektledaren har registrerat risken "Journalintegrationen är inte klar" för etapp 1 med sannolikhet 3 och konsekvens 5, ägare huvudprojektledaren
    När chefsgruppen i Chefsgruppens namn accepterar risken R-1 med insatsen "kvalitet", motiveringen "Tiden går före" och referensen "CG 2024-03-01 §2"
    Så nekas det som felaktig uppgift
    Och beskedet nämner "endast från 2024-04-23" och "ssvit"
    Och ingenting registreras

  @s1.6 @seed002 @R16 @medges
  Scenario: SSVIT accepterade risker under direktiv v1.0
    Givet dagens datum är 2024-03-01
    Och huvudprojektledaren har registrerat risken "Journalintegrationen är inte klar" för etapp 1 med sannolikhet 3 och konsekvens 5, ägare huvudprojektledaren
    När SSVIT i SSVIT:s namn accepterar risken R-1 med insatsen "kvalitet", motiveringen "Tiden går före" och referensen "SSVIT 2024-03-01 §3"
    Så är risken R-1 accepterad av ssvit med referensen "SSVIT 2024-03-01 §3"

  @s7.2 @s1.6 @seed002 @R16 @medges
  Scenario: En försenad åtgärd vars ägare inte sitter i något organ eskaleras till organet med riskmandatet den dagen
    Givet dagens datum är 2024-02-01
    Och huvudprojektledaren har registrerat risken "Nyckelpersoner slutar" för etapp 1 med sannolikhet 4 och konsekvens 5, ägare huvudprojektledaren och åtgärdsfrist 2024-03-01
    När tidsfristerna kontrolleras 2024-03-12
    Så larmar risken R-1 på nivån "escalated" till "ssvit"

//! Benchmarks of planwright-formats: MSPDI import of a generated 1 MB file
//! shaped like MS Project's own output (every task with its ~60 fields,
//! links, assignments, a resource calendar with holidays).
//!
//! `cargo bench -p planwright-benches --bench formats`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use planwright_formats::read_mspdi;
use std::fmt::Write;
use std::hint::black_box;

/// An MSPDI document of about `bytes` bytes.
fn mspdi(bytes: usize) -> String {
    let day = |n: u32| {
        format!(
            "<WeekDay><DayType>{n}</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>"
        )
    };
    let mut week =
        String::from("<WeekDays><WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>");
    for n in 2..=6 {
        week.push_str(&day(n));
    }
    week.push_str("<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay></WeekDays>");
    let mut holidays = String::from("<Exceptions>");
    for year in 2024..2030 {
        write!(holidays, "<Exception><TimePeriod><FromDate>{year}-12-24T00:00:00</FromDate><ToDate>{year}-12-26T23:59:00</ToDate></TimePeriod><Name>Christmas</Name><Type>1</Type><DayWorking>0</DayWorking></Exception>").unwrap();
    }
    holidays.push_str("</Exceptions>");
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n<Name>bench</Name><StartDate>2024-03-04T08:00:00</StartDate><CalendarUID>1</CalendarUID><MinutesPerDay>480</MinutesPerDay>\n<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>{week}{holidays}</Calendar><Calendar><UID>2</UID><Name>Ana</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID></Calendar></Calendars>\n<Tasks>\n"
    );
    let mut uid = 1;
    let mut assignments = String::new();
    while s.len() + assignments.len() < bytes {
        let summary = uid % 20 == 1;
        let level = if summary { 1 } else { 2 };
        write!(s, "<Task><UID>{uid}</UID><GUID>00000000-0000-0000-0000-{uid:012}</GUID><ID>{uid}</ID><Name>Task {uid} &amp; more</Name><Active>1</Active><Manual>0</Manual><Type>0</Type><IsNull>0</IsNull><CreateDate>2024-03-01T08:00:00</CreateDate><WBS>{uid}</WBS><OutlineNumber>{uid}</OutlineNumber><OutlineLevel>{level}</OutlineLevel><Priority>500</Priority><Start>2024-03-04T08:00:00</Start><Finish>2024-03-05T17:00:00</Finish><Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat><Work>PT16H0M0S</Work><ResumeValid>0</ResumeValid><EffortDriven>1</EffortDriven><Recurring>0</Recurring><OverAllocated>0</OverAllocated><Estimated>0</Estimated><Milestone>0</Milestone><Summary>{}</Summary><Critical>0</Critical><IsSubproject>0</IsSubproject><ExternalTask>0</ExternalTask><EarlyStart>2024-03-04T08:00:00</EarlyStart><EarlyFinish>2024-03-05T17:00:00</EarlyFinish><LateStart>2024-03-04T08:00:00</LateStart><LateFinish>2024-03-05T17:00:00</LateFinish><StartVariance>0</StartVariance><FinishVariance>0</FinishVariance><WorkVariance>0.00</WorkVariance><FreeSlack>0</FreeSlack><TotalSlack>0</TotalSlack><FixedCost>0</FixedCost><FixedCostAccrual>3</FixedCostAccrual><PercentComplete>0</PercentComplete><PercentWorkComplete>0</PercentWorkComplete><Cost>0</Cost><OvertimeCost>0</OvertimeCost><OvertimeWork>PT0H0M0S</OvertimeWork><ActualDuration>PT0H0M0S</ActualDuration><ActualCost>0</ActualCost><ActualOvertimeCost>0</ActualOvertimeCost><ActualWork>PT0H0M0S</ActualWork><ActualOvertimeWork>PT0H0M0S</ActualOvertimeWork><RegularWork>PT16H0M0S</RegularWork><RemainingDuration>PT16H0M0S</RemainingDuration><RemainingCost>0</RemainingCost><RemainingWork>PT16H0M0S</RemainingWork><ConstraintType>0</ConstraintType><CalendarUID>-1</CalendarUID><LevelAssignments>1</LevelAssignments><LevelingCanSplit>1</LevelingCanSplit><LevelingDelay>0</LevelingDelay><LevelingDelayFormat>8</LevelingDelayFormat><IgnoreResourceCalendar>0</IgnoreResourceCalendar><HideBar>0</HideBar><Rollup>0</Rollup><BCWS>0.00</BCWS><BCWP>0.00</BCWP><PhysicalPercentComplete>0</PhysicalPercentComplete><EarnedValueMethod>0</EarnedValueMethod>", u8::from(summary)).unwrap();
        if !summary && uid % 20 != 2 {
            write!(s, "<PredecessorLink><PredecessorUID>{}</PredecessorUID><Type>1</Type><CrossProject>0</CrossProject><LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>", uid - 1).unwrap();
            write!(assignments, "<Assignment><UID>{uid}</UID><TaskUID>{uid}</TaskUID><ResourceUID>1</ResourceUID><Units>1</Units><Work>PT16H0M0S</Work></Assignment>").unwrap();
        }
        s.push_str("</Task>\n");
        uid += 1;
    }
    write!(s, "</Tasks>\n<Resources><Resource><UID>1</UID><Name>Ana</Name><Type>1</Type><MaxUnits>1.00</MaxUnits><CalendarUID>2</CalendarUID></Resource></Resources>\n<Assignments>{assignments}</Assignments>\n</Project>\n").unwrap();
    s
}

fn import(c: &mut Criterion) {
    let xml = mspdi(1 << 20);
    let tasks = read_mspdi(&xml).expect("valid").project.task_count();
    let mut group = c.benchmark_group("formats/mspdi");
    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_function(format!("import-1MB-{tasks}-tasks"), |b| {
        b.iter(|| read_mspdi(black_box(&xml)).expect("valid"));
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);

/// Reads RFC 3339 timestamps ("2026-11-26T18:04:05.123Z", or with an offset such as
/// "+02:00") as seconds since 1970 UTC.
///
/// Hand-written rather than a `DateFormatter`: the window filter reads one timestamp
/// per logged request, and formatters are slow and configurable in ways that matter
/// here (locale, lenient parsing).
enum RFC3339 {
    static func seconds(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { seconds(bytes: $0) }
    }

    static func seconds(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var position = 0
        func number(_ width: Int) -> Int? {
            guard position + width <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<width {
                let byte = bytes[position]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                position += 1
            }
            return value
        }
        func separator(_ allowed: String) -> Bool {
            guard position < bytes.count, allowed.utf8.contains(bytes[position]) else { return false }
            position += 1
            return true
        }
        guard let year = number(4), separator("-"), let month = number(2), separator("-"), let day = number(2),
              separator("Tt "), let hour = number(2), separator(":"), let minute = number(2), separator(":"),
              let second = number(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second <= 60 else { return nil }

        var fraction = 0.0
        if separator(".") {
            var scale = 0.1
            let start = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                fraction += Double(bytes[position] - UInt8(ascii: "0")) * scale
                scale /= 10
                position += 1
            }
            guard position > start else { return nil }
        }

        var offset = 0
        if separator("Zz") {
            offset = 0
        } else if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            let sign = bytes[position] == UInt8(ascii: "-") ? -1 : 1
            position += 1
            guard let hours = number(2), separator(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil  // RFC 3339 requires the offset
        }
        guard position == bytes.count else { return nil }

        let days = daysSinceEpoch(year: year, month: month, day: day)
        let local = Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        return local - Double(offset)
    }

    /// Days from 1970-01-01 to the date in the proleptic Gregorian calendar. Counts in
    /// 400-year eras starting in March, so that the leap day falls at the end of a year.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400                              // 0...399
        let monthFromMarch = (month + 9) % 12                                // March = 0
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1             // 0...365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468                            // 719468: 0000-03-01 to 1970-01-01
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

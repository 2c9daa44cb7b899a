/// Splits an example command line into words the way a POSIX shell would for the simple cases examples use:
/// blanks separate words, single and double quotes group, and a redirection or pipe ends the command.
enum ExampleWords {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if character == "<" || character == ">" || character == "|" {
                if inWord { words.append(current) }
                return words
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
